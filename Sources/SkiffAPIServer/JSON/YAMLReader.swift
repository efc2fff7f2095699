import SkiffModel
import Yams

/// Reads a YAML request body (`application/yaml`) into the same `JSONValue` tree a JSON body
/// gives, the way `sigs.k8s.io/yaml` converts YAML to JSON: scalars resolved by their YAML 1.1
/// tags (bool, int, float, null), everything else (timestamps included) as strings; mapping keys
/// must be scalars. Only the first document is read.
enum YAMLReader {
    /// Most nodes converted (aliases count each time they are expanded), against alias bombs.
    static let maximumNodes = 1_000_000

    /// A YAML failure with the message the API returns (400).
    struct Failure: Error, Equatable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func parse(_ data: [UInt8]) throws(Failure) -> JSONValue {
        let text = String(decoding: data, as: UTF8.self)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Failure(message: "error converting YAML to JSON: \(error)")
        }
        guard let root else { return .null }
        var budget = maximumNodes
        return try convert(root, depth: 0, budget: &budget)
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int) throws(Failure) -> JSONValue {
        budget -= 1
        if budget < 0 { throw Failure(message: "error converting YAML to JSON: document too large") }
        if depth > JSONParser.maximumDepth { throw Failure(message: "error converting YAML to JSON: exceeded max depth") }
        switch node {
        case .scalar(let scalar):
            return try convertScalar(node, scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence {
                elements.append(try convert(element, depth: depth + 1, budget: &budget))
            }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw Failure(message: "error converting YAML to JSON: mapping keys must be scalars")
                }
                members[keyScalar.string] = try convert(value, depth: depth + 1, budget: &budget)
            }
            return .object(members)
        case .alias:
            throw Failure(message: "error converting YAML to JSON: unresolved alias")
        }
    }

    private static func convertScalar(_ node: Node, _ scalar: Node.Scalar) throws(Failure) -> JSONValue {
        // Quoted scalars are always strings.
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal || scalar.style == .folded {
            return .string(scalar.string)
        }
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .null:
            return .null
        case .bool:
            if let value = node.bool { return .bool(value) }
        case .int:
            if let value = node.int { return .integer(Int64(value)) }
            if let value = node.float, value.isFinite { return .number(value) }
        case .float:
            if let value = node.float {
                guard value.isFinite else {
                    throw Failure(message: "error converting YAML to JSON: json: unsupported value: \(value)")
                }
                return .number(value)
            }
        default:
            break
        }
        return .string(scalar.string)
    }
}
