import Foundation
import SkiffModel

/// The opaque `continue` token of a paged list: the store revision the first page was read at
/// and the last key returned (relative to the list's prefix), as base64url of
/// `{"v":"skiff.io/v1","rv":<revision>,"start":"<key>"}`. A revision of 0 means "read at the
/// current revision" (the inconsistent token handed out with a 410).
///
/// Pure: encoding and decoding only. The handler turns a token whose revision has been compacted
/// into 410 Expired.
struct ContinueToken: Equatable, Sendable {
    static let versionTag = "skiff.io/v1"

    /// The revision to read the next page at (0: current).
    var revision: Int64
    /// The last key already returned, relative to the list's prefix.
    var lastKey: String

    /// Why a token was refused (400 `continue key is not valid: <reason>`).
    struct Invalid: Error, Equatable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    func encoded() -> String {
        let json: JSONValue = ["v": .string(Self.versionTag), "rv": .integer(revision), "start": .string(lastKey)]
        return Data(JSONWriter.encode(json)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(revision: Int64, lastKey: String) {
        self.revision = revision
        self.lastKey = lastKey
    }

    init(decoding token: String) throws(Invalid) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { throw Invalid(reason: "illegal base64 data") }
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(data))
        } catch {
            throw Invalid(reason: error.message)
        }
        guard json[member: "v"]?.stringValue == Self.versionTag else {
            throw Invalid(reason: "continue key is not in the expected format")
        }
        guard let revision = json[member: "rv"]?.integerValue, revision >= 0,
              let lastKey = json[member: "start"]?.stringValue, !lastKey.isEmpty else {
            throw Invalid(reason: "continue key is not in the expected format")
        }
        // The key is relative to the list's prefix; it may not climb out of it.
        if lastKey.hasPrefix("/") || lastKey.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            throw Invalid(reason: "continue key is not in the expected format")
        }
        self.revision = revision
        self.lastKey = lastKey
    }
}
