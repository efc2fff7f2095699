/// The identity of an object in a cache or queue: `namespace/name` (just `name` when
/// cluster-scoped, as client-go's `MetaNamespaceKeyFunc`).
public struct ObjectKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var name: String

    public init(namespace: String = "", name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Parses `namespace/name` or `name`.
    public init(_ text: String) {
        if let slash = text.firstIndex(of: "/") {
            self.init(namespace: String(text[..<slash]), name: String(text[text.index(after: slash)...]))
        } else {
            self.init(name: text)
        }
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}
