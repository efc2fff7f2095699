import Foundation
import Synchronization

/// One stored OpenAPI document (`OpenAPIData`, written by scripts/generate-openapi.py): its
/// SHA-512 (upper-case hex, the ETag and the `?hash=` of the v3 index), its length and its bytes,
/// zlib-compressed and base64-encoded.
struct OpenAPIStoredDocument: Sendable {
    var hash: String
    var size: Int
    var compressed: String
}

/// The OpenAPI documents the server serves, inflated on first use and then kept.
///
/// Keys: `v2` (swagger JSON), `v2.pb` (the same definitions as gnostic `openapi_v2.Document`
/// protobuf, what kubectl asks for), and `api/v1`, `apis/apps/v1`, ... (OpenAPI 3.0 JSON, one per
/// group-version).
final class OpenAPIDocuments: Sendable {
    static let shared = OpenAPIDocuments(stored: OpenAPIData.documents, index: OpenAPIData.index)

    /// An inflated document with its ETag value (without quotes).
    struct Document: Sendable {
        var bytes: [UInt8]
        var hash: String
    }

    private let stored: [String: OpenAPIStoredDocument]
    private let indexBytes: [UInt8]
    private let cache = Mutex<[String: Document]>([:])

    init(stored: [String: OpenAPIStoredDocument], index: String) {
        self.stored = stored
        self.indexBytes = Array(index.utf8)
    }

    /// The group-version paths with a v3 document (`api/v1`, `apis/apps/v1`, ...).
    var groupVersionPaths: [String] {
        stored.keys.filter { $0 != "v2" && $0 != "v2.pb" }.sorted()
    }

    /// The `/openapi/v3` index: `{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}`.
    var index: Document {
        Document(bytes: indexBytes, hash: OpenAPIDocuments.indexHash(indexBytes))
    }

    /// The document stored under `key`; nil when there is none. Throws when it cannot be inflated.
    func document(_ key: String) throws(OpenAPIDocumentError) -> Document? {
        if let cached = cache.withLock({ $0[key] }) { return cached }
        guard let entry = stored[key] else { return nil }
        guard let compressed = Data(base64Encoded: entry.compressed),
              let bytes = Zlib.uncompress(Array(compressed), size: entry.size) else {
            throw OpenAPIDocumentError(key: key)
        }
        let document = Document(bytes: bytes, hash: entry.hash)
        cache.withLock { $0[key] = document }
        return document
    }

    /// A short stable tag for the index (FNV-1a, 64 bits, hex): it changes with the documents.
    private static func indexHash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A stored document could not be inflated (zlib missing or data corrupt).
struct OpenAPIDocumentError: Error {
    var key: String
}
