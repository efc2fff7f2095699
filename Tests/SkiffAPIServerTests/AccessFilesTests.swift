import Foundation
import SkiffTesting
import Testing
@testable import SkiffAPIServer

@Suite struct AccessFilesTests {
    @Test func tokenIsMadeOnceAndKubeconfigIsRewritten() throws {
        let directory = try TemporaryDirectory(prefix: "skiff-access-test")
        defer { directory.remove() }
        let token = try AccessFiles.loadOrCreateToken(in: directory.url)
        #expect(token.count == 64)
        #expect(try AccessFiles.loadOrCreateToken(in: directory.url) == token)

        let first = try AccessFiles.writeKubeconfig(in: directory.url, serverURL: "http://127.0.0.1:1234", token: token)
        try AccessFiles.writeKubeconfig(in: directory.url, serverURL: "http://127.0.0.1:5678", token: token)
        let text = try String(contentsOf: first, encoding: .utf8)
        #expect(text.contains("server: \"http://127.0.0.1:5678\""))
        #expect(text.contains("current-context: skiff"))
        #expect(text.contains("token: \"\(token)\""))
        let permissions = try FileManager.default.attributesOfItem(atPath: first.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }
}
