import Foundation
import SkiffStore
import SkiffTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// kill -9 at a random moment loses nothing acknowledged, never moves the revision back and never
/// leaves a database that does not open.
@Suite("SQLite storage: crash safety")
struct CrashSafetyTests {
    @Test func sigkillUnderLoadLosesNothingAcknowledged() async throws {
        let writerBinary = try BuildProducts.executable(named: "skiff-store-crash-writer")
        let directory = try TemporaryDirectory()
        var lastRevision: Int64 = 0
        var totalAcknowledged = 0
        for round in 1...20 {
            let output = try runAndKill(writerBinary, directory: directory.url, afterMilliseconds: Int.random(in: 50...400))
            let acknowledged = parse(output)
            totalAcknowledged += acknowledged.created.count

            let store = try SQLiteStorage(directory: directory.url)
            let current = try await store.currentRevision()
            #expect(current >= lastRevision, "round \(round): revision went back from \(lastRevision) to \(current)")
            for (key, revision) in acknowledged.created {
                let kv = try await store.get(key)
                if key.hasPrefix("/crash/keys/") {
                    #expect(kv?.modRevision == revision, "round \(round): lost \(key) at \(revision)")
                } else {
                    #expect(kv != nil, "round \(round): lost counter \(key)")
                }
                #expect(revision <= current)
            }
            for (key, count) in acknowledged.counters {
                let stored = try await store.get(key).map { Int(String(decoding: $0.value, as: UTF8.self)) ?? -1 }
                #expect((stored ?? -1) >= count, "round \(round): counter \(key) lost updates")
            }
            lastRevision = current
            await store.close()
        }
        #expect(totalAcknowledged > 0, "the writer never got a write acknowledged")
    }

    struct Acknowledged {
        var created: [String: Int64] = [:]
        var counters: [String: Int] = [:]
    }

    func parse(_ output: String) -> Acknowledged {
        var result = Acknowledged()
        // Only whole lines count: the last one may have been cut by the kill.
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // empty after a final newline, or a cut line
        for line in lines {
            let fields = line.split(separator: " ")
            switch (fields.first, fields.count) {
            case ("created", 3): result.created[String(fields[1])] = Int64(fields[2])
            case ("updated", 4): result.counters[String(fields[1])] = Int(fields[3])
            default: break
            }
        }
        return result
    }

    /// Starts the writer, lets it run until its first acknowledgement plus `afterMilliseconds`,
    /// kills it with SIGKILL and returns what it printed.
    func runAndKill(_ binary: URL, directory: URL, afterMilliseconds: Int) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = [directory.path, "8"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let reader = pipe.fileHandleForReading
        var output = Data()
        // Wait for the first line (the store is open and writing).
        while !output.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
        }
        usleep(useconds_t(afterMilliseconds * 1000))
        kill(process.processIdentifier, SIGKILL)
        output.append(reader.readDataToEndOfFile())
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
