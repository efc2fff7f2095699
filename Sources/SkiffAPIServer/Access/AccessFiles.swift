import Foundation

/// The files in the data directory that let clients in: `token` (generated once, kept across
/// restarts; not enforced yet), `node-token` (what agents join with) and `kubeconfig.yaml`, all written owner-only (0600).
public enum AccessFiles {
    /// The admin token in `directory/token`, created with 32 random bytes (hex) if missing.
    public static func loadOrCreateToken(in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("token")
        if let existing = try? String(contentsOf: url, encoding: .utf8) {
            let token = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            if !token.isEmpty { return token }
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try writePrivate(token + "\n", to: url)
        return token
    }

    /// Writes `directory/kubeconfig.yaml` for a server at `serverURL`; returns its path.
    @discardableResult
    public static func writeKubeconfig(in directory: URL, serverURL: String, token: String) throws -> URL {
        let url = directory.appendingPathComponent("kubeconfig.yaml")
        try writePrivate(Kubeconfig.render(serverURL: serverURL, token: token), to: url)
        return url
    }

    /// Writes `directory/node-token`, the token `skiff agent --token-file` joins with; returns its path.
    @discardableResult
    public static func writeNodeToken(_ token: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("node-token")
        try writePrivate(token + "\n", to: url)
        return url
    }

    /// Writes atomically, readable and writable by the owner only.
    static func writePrivate(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".tmp")
        try Data(text.utf8).write(to: temporary)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary.path)
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                           NSLocalizedDescriptionKey: "cannot write \(url.path): \(String(cString: strerror(code)))"])
        }
    }
}
