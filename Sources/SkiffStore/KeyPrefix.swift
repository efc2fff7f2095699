/// Prefix and key rules shared by every backend.
///
/// A prefix names a directory: it is normalized to end with `/`, so `/a/b` and `/a/b/` both select
/// `/a/b/x` and never `/a/bc`. The empty prefix and `/` select every key.
public enum KeyPrefix {
    /// The prefix with exactly one trailing `/`.
    public static func normalize(_ prefix: String) -> String {
        prefix.hasSuffix("/") ? prefix : prefix + "/"
    }

    /// True when `key` lies under the (normalized) directory `prefix`.
    public static func contains(_ normalizedPrefix: String, key: String) -> Bool {
        key.utf8.starts(with: normalizedPrefix.utf8)
    }

    /// The smallest key greater than every key under the normalized prefix (`/a/b/` → `/a/b0`).
    public static func rangeEnd(of normalizedPrefix: String) -> String {
        var bytes = Array(normalizedPrefix.utf8)
        bytes[bytes.count - 1] += 1  // "/" (0x2F) becomes "0" (0x30)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Checks that `key` is acceptable to every backend.
    public static func validate(_ key: String) throws(StorageError) {
        if key.isEmpty { throw .invalidKey("key is empty") }
        if key.utf8.contains(0) { throw .invalidKey("key contains a NUL character") }
    }
}
