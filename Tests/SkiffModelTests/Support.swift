import Foundation
import SkiffModel
import Testing

/// JSON re-serialized through JSONSerialization with sorted keys: two documents are semantically
/// equal when their canonical forms are.
func canonicalJSON(_ data: Data) throws -> String {
    let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    let canonical = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
    return String(decoding: canonical, as: UTF8.self)
}

/// Decodes `json` as `T`, re-encodes it, checks the result is semantically the input and contains no
/// `null` (nil fields are omitted; `nullsInInput` for documents with JSON nulls inside free-form values),
/// and that decoding the output gives an equal value.
func roundTrip<T: Codable & Equatable>(
    _ type: T.Type, _ json: String, nullsInInput: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
) throws -> T {
    let input = Data(json.utf8)
    let value = try JSONDecoder().decode(T.self, from: input)
    // The fast path clients use gives exactly what JSONDecoder gives.
    if let fast = T.self as? any JSONValueDecodable.Type {
        #expect(try fast.init(jsonBytes: Array(input)) as? T == value, sourceLocation: sourceLocation)
    }
    let output = try JSONEncoder().encode(value)
    // The fast writer clients use gives the same document.
    if let fast = value as? any JSONValueEncodable {
        #expect(try canonicalJSON(Data(fast.jsonBytes)) == canonicalJSON(output), sourceLocation: sourceLocation)
    }
    #expect(try canonicalJSON(output) == canonicalJSON(input), sourceLocation: sourceLocation)
    if !nullsInInput {
        #expect(!String(decoding: output, as: UTF8.self).contains("null"), sourceLocation: sourceLocation)
    }
    #expect(try JSONDecoder().decode(T.self, from: output) == value, sourceLocation: sourceLocation)
    return value
}
