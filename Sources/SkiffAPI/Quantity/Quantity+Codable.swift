import Foundation

extension Quantity: Codable {
    /// Decodes a JSON string (surrounding whitespace trimmed, as Kubernetes does), a JSON
    /// number (as Kubernetes accepts; read through `Decimal`, so an exponent form such as `1e3`
    /// comes back in decimal SI, and beyond 38 significant digits it is approximate), or null (zero).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .zero
            return
        }
        let text: String
        if let string = try? container.decode(String.self) {
            text = string.trimmingASCIIWhitespace()
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else if let decimal = try? container.decode(Decimal.self) {
            text = decimal.description
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a quantity must be a string or a number")
        }
        do {
            self = try Quantity(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
