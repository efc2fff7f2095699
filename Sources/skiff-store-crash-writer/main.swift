import Foundation
import SkiffStore

// The child process of the crash-safety test (Tests/SkiffStoreTests/SQLite/CrashSafetyTests.swift):
// opens the SQLite store in the given directory and writes with concurrent writers until it is
// killed. After each acknowledged write it prints one line to stdout, unbuffered:
//   created <key> <revision>      a new key
//   updated <key> <revision> <n>  a writer's counter key now holds n
// so the parent knows exactly what was acknowledged before the SIGKILL.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: skiff-store-crash-writer DIR WRITERS\n".utf8))
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let writers = Int(arguments[2]) ?? 8

/// Writes one whole line with a single write(2), so lines never interleave or sit in a buffer.
func acknowledge(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
            if written <= 0 { exit(3) }
            offset += written
        }
    }
}

let store: SQLiteStorage
do {
    store = try SQLiteStorage(directory: directory)
} catch {
    FileHandle.standardError.write(Data("open failed: \(error)\n".utf8))
    exit(1)
}

let run = UUID().uuidString.prefix(8)
let value = Data(repeating: 0x61, count: 1024)
try await withThrowingTaskGroup(of: Void.self) { group in
    for writer in 0..<writers {
        group.addTask {
            let counterKey = "/crash/counters/\(run)-\(writer)"
            var counterRevision = try await store.create(counterKey, value: Data("0".utf8))
            acknowledge("created \(counterKey) \(counterRevision)")
            var n = 0
            while true {
                n += 1
                let key = "/crash/keys/\(run)-\(writer)-\(n)"
                acknowledge("created \(key) \(try await store.create(key, value: value))")
                counterRevision = try await store.update(
                    counterKey, value: Data("\(n)".utf8), expectedRevision: counterRevision)
                acknowledge("updated \(counterKey) \(counterRevision) \(n)")
            }
        }
    }
    try await group.waitForAll()
}
