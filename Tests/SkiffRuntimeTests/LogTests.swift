import Foundation
import SkiffTesting
import Testing
@testable import SkiffRuntime

@Suite struct LogTests {
    @Test func timestampsRoundTrip() throws {
        let stamp = Timestamp(seconds: 1_795_753_099, nanoseconds: 123_456_789)
        #expect(stamp.rfc3339Nano == "2026-11-27T04:18:19.123456789Z")
        #expect(Timestamp(rfc3339: stamp.rfc3339Nano) == stamp)
        #expect(Timestamp(rfc3339: "2026-11-27T04:18:19Z") == Timestamp(seconds: 1_795_753_099, nanoseconds: 0))
        #expect(Timestamp(rfc3339: "2026-11-27T04:18:19.5Z") == Timestamp(seconds: 1_795_753_099, nanoseconds: 500_000_000))
        #expect(Timestamp(rfc3339: "1970-01-01T00:00:00Z") == Timestamp(seconds: 0, nanoseconds: 0))
        #expect(Timestamp(rfc3339: "2024-02-29T23:59:59.000000001Z")?.rfc3339Nano == "2024-02-29T23:59:59.000000001Z")
        #expect(Timestamp(rfc3339: "garbage") == nil)
        #expect(stamp.compact == "20261127-041819.123456789")
        #expect(Timestamp(compactSuffixOf: "3.log.\(stamp.compact)") == stamp)
    }

    @Test func recordsEncodeAndParse() throws {
        let record = CRILogRecord(
            timestamp: Timestamp(seconds: 1_795_753_099, nanoseconds: 5), stream: .stderr, isPartial: true, content: Array("a b".utf8))
        let encoded = String(decoding: record.encoded, as: UTF8.self)
        #expect(encoded == "2026-11-27T04:18:19.000000005Z stderr P a b\n")
        #expect(CRILogRecord(line: Array(encoded.utf8.dropLast())) == record)
        #expect(CRILogRecord(line: Array("nonsense".utf8)) == nil)
        var assembler = LineAssembler(stream: .stdout, maxLineBytes: 4)
        let pieces = assembler.feed(Array("abcdefghij\nxy".utf8)) + assembler.finish()
        #expect(pieces.map { String(decoding: $0.content, as: UTF8.self) } == ["abcd", "efgh", "ij", "xy"])
        #expect(pieces.map(\.isPartial) == [true, true, false, false])
    }

    @Test func longLinesBecomePartialRecordsAndAreJoinedOnRead() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.start(
            "long", ["/bin/sh", "-c", "echo 0123456789012345678901234"], log: LogSettings(maxLineBytes: 10))
        _ = try await fixture.exited(id)
        let raw = try String(contentsOfFile: fixture.logFile("long"), encoding: .utf8)
        #expect(raw.split(separator: "\n").map { $0.split(separator: " ")[2] } == ["P", "P", "F"])
        #expect(try await fixture.lines(id).map(\.content) == ["0123456789012345678901234"])
        await fixture.tearDown()
    }

    @Test func logsRotateBySize() async throws {
        let fixture = try await RuntimeFixture()
        let settings = LogSettings(maxFileBytes: 400, maxFiles: 3)
        let id = try await fixture.start(
            "chatty", ["/bin/sh", "-c", "i=0; while [ $i -lt 100 ]; do echo line-$i; i=$((i+1)); done"], log: settings)
        #expect(try await fixture.exited(id).exitCode == 0)
        let directory = fixture.logDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.count == 3, "\(files)")
        let prefix = "\(fixture.sandbox.podUID)_chatty_0.log"
        #expect(files.contains(prefix))
        #expect(files.filter { $0.hasPrefix(prefix + ".") && $0.dropFirst(prefix.count + 1).wholeMatch(of: #/\d{8}-\d{6}\.\d{9}/#) != nil }.count == 2,
                "\(files)")
        for file in files {
            let size = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(file)")[.size] as? Int ?? 0
            #expect(size <= 400)
        }
        let contents = try await fixture.lines(id).map(\.content)
        #expect(contents.last == "line-99")
        #expect(contents.count < 100 && contents.count > 5)
        let firstLine = try #require(contents.first)
        let first = try #require(Int(firstLine.dropFirst(5)))
        #expect(contents == (first...99).map { "line-\($0)" })
        await fixture.tearDown()
    }

    @Test func readerTailsFiltersBySinceAndFollows() async throws {
        let fixture = try await RuntimeFixture()
        let id = try await fixture.start(
            "ticker", ["/bin/sh", "-c", "for i in 1 2 3 4 5; do echo line$i; sleep 0.05; done"])
        let runtime = fixture.runtime
        let followed = try await withTimeout(20) {
            var lines: [String] = []
            for try await line in try runtime.logs(LogRequest(podUID: id.podUID, containerName: id.name, restartCount: 0, follow: true)) {
                lines.append(line.content)
            }
            return lines
        }
        #expect(followed == ["line1", "line2", "line3", "line4", "line5"])
        #expect(try await fixture.runtime.containerStatus(id).exitCode == 0)
        #expect(try await fixture.lines(id, tail: 2).map(\.content) == ["line4", "line5"])
        #expect(try await fixture.lines(id, tail: 0).isEmpty)
        let all = try await fixture.lines(id)
        // Lines read in one chunk share a timestamp (a busy machine can delay the monitor past the 50 ms
        // between lines), and `since` is inclusive: expect every line stamped at or after line3's.
        let fromThird = all.filter { $0.timestamp >= all[2].timestamp }.map(\.content)
        #expect(Array(fromThird.suffix(3)) == ["line3", "line4", "line5"])
        #expect(try await fixture.lines(id, since: all[2].timestamp).map(\.content) == fromThird)
        #expect(all[0].withTimestamp == "\(all[0].timestamp.rfc3339Nano) line1")
        // Following with a tail of an exited container returns the tail and ends.
        let tailFollow = try await withTimeout(20) {
            var lines: [String] = []
            for try await line in try runtime.logs(LogRequest(
                podUID: id.podUID, containerName: id.name, restartCount: 0, tailLines: 1, follow: true)) {
                lines.append(line.content)
            }
            return lines
        }
        #expect(tailFollow == ["line5"])
        await fixture.tearDown()
    }

    @Test func aSilentContainerHasNoLogFileAndAnEmptyLog() async throws {
        let fixture = try await RuntimeFixture()
        let silent = try await fixture.start("silent", ["sleep", "1000"])
        let speaker = try await fixture.start("speaker", ["/bin/sh", "-c", "sleep 0.2; echo late"])
        #expect(!FileManager.default.fileExists(atPath: fixture.logFile("silent")))
        #expect(try await fixture.lines(silent).isEmpty)
        // Following a file that does not exist yet picks it up once the container writes.
        let runtime = fixture.runtime
        let followed = try await withTimeout(20) {
            var lines: [String] = []
            for try await line in try runtime.logs(LogRequest(podUID: speaker.podUID, containerName: "speaker", restartCount: 0, follow: true)) {
                lines.append(line.content)
            }
            return lines
        }
        #expect(followed == ["late"])
        #expect(FileManager.default.fileExists(atPath: fixture.logFile("speaker")))
        #expect(throws: ContainerRuntimeError.self) {
            _ = try fixture.runtime.logs(LogRequest(podUID: silent.podUID, containerName: "silent", restartCount: 1))
        }
        await fixture.tearDown()
    }

    @Test func previousInstanceLogsAreKept() async throws {
        let fixture = try await RuntimeFixture()
        let first = try await fixture.start("app", ["/bin/sh", "-c", "echo first"], restartCount: 0)
        _ = try await fixture.exited(first)
        let second = try await fixture.start("app", ["/bin/sh", "-c", "echo second"], restartCount: 1)
        _ = try await fixture.exited(second)
        let third = try await fixture.start("app", ["/bin/sh", "-c", "echo third"], restartCount: 2)
        _ = try await fixture.exited(third)
        #expect(try await fixture.lines(third, previous: true).map(\.content) == ["second"])
        #expect(try await fixture.lines(third).map(\.content) == ["third"])
        // Only the previous instance's log is kept.
        #expect(!FileManager.default.fileExists(atPath: fixture.logFile("app")))
        #expect(throws: ContainerRuntimeError.self) {
            _ = try fixture.runtime.logs(LogRequest(podUID: first.podUID, containerName: "app", restartCount: 0, previous: true))
        }
        await fixture.tearDown()
    }
}
