import SkiffAPI
import Foundation
import Testing
@testable import SkiffAPIServer

@Suite struct ContinueTokenTests {
    @Test func roundTrips() throws {
        let token = ContinueToken(revision: 42, lastKey: "default/web-1")
        let text = token.encoded()
        #expect(!text.contains("="))
        #expect(!text.contains("/") && !text.contains("+"))
        #expect(try ContinueToken(decoding: text) == token)
    }

    @Test func inconsistentTokenReadsTheCurrentRevision() throws {
        let token = ContinueToken(revision: 0, lastKey: "b")
        #expect(try ContinueToken(decoding: token.encoded()).revision == 0)
    }

    @Test(arguments: [
        "not base64 !!",
        Data("{\"v\":\"other\",\"rv\":1,\"start\":\"a\"}".utf8).base64EncodedString(),
        Data("{\"v\":\"skiff.io/v1\",\"rv\":-1,\"start\":\"a\"}".utf8).base64EncodedString(),
        Data("{\"v\":\"skiff.io/v1\",\"rv\":1,\"start\":\"\"}".utf8).base64EncodedString(),
        Data("{\"v\":\"skiff.io/v1\",\"rv\":1,\"start\":\"../secrets/x\"}".utf8).base64EncodedString(),
        Data("{\"v\":\"skiff.io/v1\",\"rv\":1,\"start\":\"/registry/x\"}".utf8).base64EncodedString(),
        Data("[1,2]".utf8).base64EncodedString(),
    ])
    func refusesBadTokens(_ text: String) {
        #expect(throws: ContinueToken.Invalid.self) { try ContinueToken(decoding: text) }
    }

    @Test func listOptionsReadPagingAndConsistency() throws {
        let token = ContinueToken(revision: 9, lastKey: "a").encoded()
        let options = try ListOptions(query: QueryParameters(["limit": "2", "continue": token]))
        #expect(options.limit == 2)
        #expect(options.continueToken == ContinueToken(revision: 9, lastKey: "a"))
        #expect(try ListOptions(query: QueryParameters(["limit": "0"])).limit == nil)
        #expect(try ListOptions(query: QueryParameters(["resourceVersion": "0"])).consistency == .latest)
        #expect(try ListOptions(query: QueryParameters(["resourceVersion": "7"])).consistency == .notOlderThan(7))
        #expect(try ListOptions(query: QueryParameters(["resourceVersion": "7", "resourceVersionMatch": "Exact"])).consistency == .exact(7))
    }

    @Test(arguments: [
        (["limit": "-1"], 422),
        (["limit": "x"], 400),
        (["resourceVersionMatch": "Exact"], 422),
        (["resourceVersion": "0", "resourceVersionMatch": "Exact"], 422),
        (["resourceVersion": "1", "resourceVersionMatch": "Sometimes"], 422),
        (["resourceVersion": "abc"], 400),
        (["resourceVersion": "5", "continue": "eyJ4IjoxfQ"], 400),
        (["continue": "%%%"], 400),
    ])
    func listOptionsRefuseBadCombinations(_ values: [String: String], _ code: Int) {
        do {
            _ = try ListOptions(query: QueryParameters(values))
            Issue.record("accepted \(values)")
        } catch {
            #expect(Int(error.code) == code)
        }
    }
}
