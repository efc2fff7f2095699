/// Watch event lines for changes delivered by the watch cache (pure). Same rules as
/// ``WatchEventEncoding/line(for:info:selector:table:)``: the selector applies before and after
/// the change, so an object that starts or stops matching is ADDED or DELETED; a deleted object
/// carries the resourceVersion of its deletion.
enum CachedWatchEncoding {
    static func line(for event: CachedEvent, info: ResourceInfo, selector: ObjectSelector,
                     table: WatchTableEncoder? = nil) -> [UInt8]? {
        let now = event.current.map { $0.matches(selector, info: info) } ?? false
        let before = event.previous.map { $0.matches(selector, info: info) } ?? false
        let type: WatchEventEncoding.EventType
        let bytes: [UInt8]
        switch (before, now) {
        case (false, true):
            type = .added
            bytes = event.current!.bytes
        case (true, true):
            type = .modified
            bytes = event.current!.bytes
        case (true, false):
            type = .deleted
            if let current = event.current {
                bytes = current.bytes
            } else {
                let previous = event.previous!
                bytes = StoredObject.replacingResourceVersion(previous.bytes, previous.revision, with: event.revision)
            }
        case (false, false):
            return nil
        }
        return WatchEventEncoding.line(type, object: table?.object(bytes) ?? bytes)
    }

    /// The ADDED line of an object of the initial state.
    static func addedLine(_ object: CachedObject, table: WatchTableEncoder?) -> [UInt8] {
        WatchEventEncoding.line(.added, object: table?.object(object.bytes) ?? object.bytes)
    }
}
