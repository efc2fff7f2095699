extension IntOrString: Codable {
    /// A JSON string becomes `.string`; a JSON integer within int32 becomes `.int`;
    /// anything else (fractions, out-of-range numbers, other types) is an error, as in Kubernetes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
            return
        }
        do {
            self = .int(try container.decode(Int32.self))
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "an IntOrString must be a JSON string or an int32 number")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let text): try container.encode(text)
        }
    }
}
