import SkiffAPI
import SkiffModel

/// Reading resource quantities out of JSON resource lists.
enum ResourceQuantities {
    /// A quantity from a JSON string or number; nil when it does not parse.
    static func parse(_ value: JSONValue) -> Quantity? {
        switch value {
        case .string(let text): return try? Quantity(parsing: text)
        case .integer(let number): return try? Quantity(parsing: String(number))
        case .number(let number): return try? Quantity(parsing: String(number))
        default: return nil
        }
    }
}
