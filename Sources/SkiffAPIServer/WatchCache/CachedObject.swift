import Synchronization
import SkiffModel

/// One object as the watch cache holds it: the bytes every reader is served (stored JSON with its
/// `resourceVersion` already spliced in, encoded once per write) and, computed on first need and
/// then kept, the labels and field values selectors read.
final class CachedObject: Sendable {
    /// The full store key (`/registry/core/pods/default/web`).
    let key: String
    /// The revision of the write that produced these bytes (the resourceVersion).
    let revision: Int64
    /// The object as served: JSON with `metadata.resourceVersion`.
    let bytes: [UInt8]
    private let attributes = Mutex<ObjectSelector.SelectableAttributes?>(nil)

    init(key: String, revision: Int64, storedBytes: [UInt8]) {
        self.key = key
        self.revision = revision
        self.bytes = StoredObject.withResourceVersion(storedBytes, revision)
    }

    /// Labels and selectable fields, parsed once.
    func selectableAttributes(_ info: ResourceInfo) -> ObjectSelector.SelectableAttributes {
        if let known = attributes.withLock({ $0 }) { return known }
        let object = (try? JSONParser.parse(bytes)) ?? .object([:])
        let computed = ObjectSelector.attributes(of: object, resource: info)
        attributes.withLock { $0 = computed }
        return computed
    }

    /// Whether the object, stored under `info`, matches `selector`.
    func matches(_ selector: ObjectSelector, info: ResourceInfo) -> Bool {
        if selector.isEverything { return true }
        guard let (namespace, name) = StorageKey.namespaceAndName(fromKey: key, info) else { return false }
        if !selector.needsObject {
            return selector.matches(namespace: namespace, name: name, attributes: .none)
        }
        return selector.matches(namespace: namespace, name: name, attributes: selectableAttributes(info))
    }
}
