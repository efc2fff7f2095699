/// Where a ``WatchStream`` takes its events from; one implementation per backend.
///
/// The source owns the watch: when the last reference to it goes away, or `cancel()` is called, the
/// backend stops delivering to it.
public protocol WatchEventSource: AnyObject, Sendable {
    /// The next event in revision order; nil once cancelled; throws when the watch ends with an
    /// error (``StorageError/watchTooSlow(lastRevision:)``, ``StorageError/compacted(requested:compactedRevision:)``,
    /// ``StorageError/unavailable(_:)``, ``StorageError/closed``).
    func next() async throws -> WatchEvent?
    /// Stops the watch; a pending and every later `next()` returns nil.
    func cancel()
}

/// The events of one watch, as an async sequence: `for try await event in stream { ... }`.
///
/// Leaving the loop early does not stop the watch by itself while the stream is still referenced;
/// call ``cancel()`` (or drop every reference) to release it.
public struct WatchStream: AsyncSequence, Sendable {
    public typealias Element = WatchEvent

    private let source: any WatchEventSource

    public init(_ source: any WatchEventSource) {
        self.source = source
    }

    /// Stops the watch and releases its resources in the backend.
    public func cancel() {
        source.cancel()
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(source: source)
    }

    /// Pulls events from the source.
    public struct Iterator: AsyncIteratorProtocol {
        let source: any WatchEventSource

        public mutating func next() async throws -> WatchEvent? {
            try await source.next()
        }
    }
}
