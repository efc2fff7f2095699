import SkiffModel

/// JSON patch (RFC 6902, `application/json-patch+json`): a list of add, remove, replace, move,
/// copy and test operations addressed by JSON pointers (RFC 6901). What
/// `kubectl patch --type=json` sends.
enum JSONPatch {
    /// Why a patch could not be applied; the API answers 422 (or 400 for a malformed patch)
    /// with this text, as Kubernetes does.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var message: String
        var malformed: Bool
        var description: String { message }
    }

    /// Most operations in one patch (Kubernetes allows 10,000).
    static let maximumOperations = 10_000

    static func apply(_ patch: JSONValue, to document: JSONValue) throws(Failure) -> JSONValue {
        guard let operations = patch.arrayElements else {
            throw Failure(message: "json: cannot unmarshal \(patch.goTypeName) into Go value of type jsonpatch.Patch", malformed: true)
        }
        if operations.count > maximumOperations {
            throw Failure(message: "The allowed maximum operations in a JSON patch is \(maximumOperations), got \(operations.count)", malformed: true)
        }
        var document = document
        for operation in operations {
            guard let op = operation[member: "op"]?.stringValue else {
                throw Failure(message: "Unexpected kind: unknown", malformed: false)
            }
            guard let pathText = operation[member: "path"]?.stringValue else {
                throw Failure(message: "missing path", malformed: false)
            }
            let path = try pointer(pathText)
            switch op {
            case "add":
                guard let value = operation[member: "value"] else { throw Failure(message: "missing value", malformed: false) }
                document = try add(value, at: path, in: document)
            case "remove":
                document = try remove(at: path, in: document).document
            case "replace":
                guard let value = operation[member: "value"] else { throw Failure(message: "missing value", malformed: false) }
                _ = try get(path, in: document)
                document = try remove(at: path, in: document).document
                document = try add(value, at: path, in: document)
            case "move":
                guard let fromText = operation[member: "from"]?.stringValue else { throw Failure(message: "missing from", malformed: false) }
                let from = try pointer(fromText)
                let removed = try remove(at: from, in: document)
                document = try add(removed.value, at: path, in: removed.document)
            case "copy":
                guard let fromText = operation[member: "from"]?.stringValue else { throw Failure(message: "missing from", malformed: false) }
                document = try add(try get(try pointer(fromText), in: document), at: path, in: document)
            case "test":
                let expected = operation[member: "value"] ?? .null
                let actual = try get(path, in: document)
                if !equal(actual, expected) {
                    throw Failure(message: "testing value \(pathText) failed: test failed", malformed: false)
                }
            default:
                throw Failure(message: "Unexpected kind: \(op)", malformed: false)
            }
        }
        return document
    }

    /// The reference tokens of a JSON pointer (`/a/b~1c` → `["a", "b/c"]`).
    static func pointer(_ text: String) throws(Failure) -> [String] {
        if text.isEmpty { return [] }
        guard text.hasPrefix("/") else { throw Failure(message: "invalid JSON pointer: \(text)", malformed: false) }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func get(_ path: [String], in document: JSONValue) throws(Failure) -> JSONValue {
        var current = document
        for token in path {
            switch current {
            case .object(let members):
                guard let next = members[token] else { throw missing(path) }
                current = next
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count else { throw missing(path) }
                current = elements[index]
            default:
                throw missing(path)
            }
        }
        return current
    }

    private static func add(_ value: JSONValue, at path: [String], in document: JSONValue) throws(Failure) -> JSONValue {
        guard let last = path.last else { return value }
        let parentPath = Array(path.dropLast())
        let parent = try get(parentPath, in: document)
        let updated: JSONValue
        switch parent {
        case .object(var members):
            members[last] = value
            updated = .object(members)
        case .array(var elements):
            if last == "-" {
                elements.append(value)
            } else {
                guard let index = Int(last), index >= 0, index <= elements.count else {
                    throw Failure(message: "add operation does not apply: doc is missing path: \"/\(path.joined(separator: "/"))\"", malformed: false)
                }
                elements.insert(value, at: index)
            }
            updated = .array(elements)
        default:
            throw missing(path)
        }
        return try set(updated, at: parentPath, in: document)
    }

    private static func remove(at path: [String], in document: JSONValue) throws(Failure) -> (document: JSONValue, value: JSONValue) {
        guard let last = path.last else { throw Failure(message: "unable to remove the document root", malformed: false) }
        let parentPath = Array(path.dropLast())
        let parent = try get(parentPath, in: document)
        let removed: JSONValue
        let updated: JSONValue
        switch parent {
        case .object(var members):
            guard let value = members.removeValue(forKey: last) else { throw missing(path) }
            removed = value
            updated = .object(members)
        case .array(var elements):
            guard let index = Int(last), index >= 0, index < elements.count else { throw missing(path) }
            removed = elements.remove(at: index)
            updated = .array(elements)
        default:
            throw missing(path)
        }
        return (try set(updated, at: parentPath, in: document), removed)
    }

    private static func set(_ value: JSONValue, at path: [String], in document: JSONValue) throws(Failure) -> JSONValue {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch document {
        case .object(var members):
            guard let child = members[first] else { throw missing(path) }
            members[first] = try set(value, at: rest, in: child)
            return .object(members)
        case .array(var elements):
            guard let index = Int(first), index >= 0, index < elements.count else { throw missing(path) }
            elements[index] = try set(value, at: rest, in: elements[index])
            return .array(elements)
        default:
            throw missing(path)
        }
    }

    /// Numbers compare by value (1 equals 1.0).
    private static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default: return lhs == rhs
        }
    }

    private static func missing(_ path: [String]) -> Failure {
        Failure(message: "doc is missing path: \"/\(path.joined(separator: "/"))\": missing value", malformed: false)
    }
}
