/// An informer's local cache: immutable object values keyed by `namespace/name`, with indexes.
/// A value type: reading it from an informer gives a consistent snapshot. Pure.
///
/// Indexes: `namespace` is always there; more are added with `IndexFunction`s (e.g. pods by
/// `spec.nodeName`). An index function returns the index values of an object (none, one or many).
public struct ObjectStore<Object: APIObject>: Sendable {
    /// Computes the values an object is indexed under.
    public typealias IndexFunction = @Sendable (Object) -> [String]

    /// The name of the built-in namespace index.
    public static var namespaceIndex: String { "namespace" }

    private var objects: [ObjectKey: Object] = [:]
    private var indexFunctions: [String: IndexFunction]
    /// index name → index value → keys
    private var indices: [String: [String: Set<ObjectKey>]] = [:]

    public init(indexers: [String: IndexFunction] = [:]) {
        var functions = indexers
        functions[Self.namespaceIndex] = { object in [object.namespace] }
        self.indexFunctions = functions
    }

    public var count: Int { objects.count }
    public var isEmpty: Bool { objects.isEmpty }

    /// The object at `key`.
    public func get(_ key: ObjectKey) -> Object? { objects[key] }

    public func get(name: String, namespace: String = "") -> Object? {
        objects[ObjectKey(namespace: namespace, name: name)]
    }

    /// Every object, sorted by key.
    public func list() -> [Object] { objects.keys.sorted().compactMap { objects[$0] } }

    /// Every key, sorted.
    public var keys: [ObjectKey] { objects.keys.sorted() }

    /// The objects of one namespace.
    public func list(namespace: String) -> [Object] { byIndex(Self.namespaceIndex, namespace) }

    /// The objects whose index function returned `value` for index `name` (sorted by key).
    public func byIndex(_ name: String, _ value: String) -> [Object] {
        (indices[name]?[value] ?? []).sorted().compactMap { objects[$0] }
    }

    /// The values index `name` currently has.
    public func indexValues(_ name: String) -> [String] { (indices[name] ?? [:]).keys.sorted() }

    /// Inserts or replaces an object; returns the previous value.
    @discardableResult
    public mutating func upsert(_ object: Object) -> Object? {
        let key = object.objectKey
        let old = objects.updateValue(object, forKey: key)
        if let old { unindex(old, key: key) }
        index(object, key: key)
        return old
    }

    /// Removes an object; returns it.
    @discardableResult
    public mutating func remove(_ key: ObjectKey) -> Object? {
        guard let old = objects.removeValue(forKey: key) else { return nil }
        unindex(old, key: key)
        return old
    }

    private mutating func index(_ object: Object, key: ObjectKey) {
        for (name, function) in indexFunctions {
            for value in function(object) {
                indices[name, default: [:]][value, default: []].insert(key)
            }
        }
    }

    private mutating func unindex(_ object: Object, key: ObjectKey) {
        for (name, function) in indexFunctions {
            for value in function(object) {
                indices[name]?[value]?.remove(key)
                if indices[name]?[value]?.isEmpty == true { indices[name]?[value] = nil }
            }
        }
    }
}
