import Foundation
import SkiffStore
import SkiffTesting
import Testing

/// Bad data directories and disks give a clear error, never a crash or a silent loss.
@Suite("SQLite storage: bad files")
struct BadFilesTests {
    func openError(_ directory: URL) -> String? {
        do {
            _ = try SQLiteStorage(directory: directory)
            return nil
        } catch let error as StorageError {
            guard case .backendFailure(let message) = error else { return "unexpected \(error)" }
            return message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func aFileThatIsNotADatabase() throws {
        let directory = try TemporaryDirectory()
        try Data(repeating: 0x41, count: 8192).write(to: directory.appending("state.db"))
        let message = try #require(openError(directory.url))
        #expect(message.contains("not a database"), "\(message)")
        // Nothing was overwritten.
        #expect(try Data(contentsOf: directory.appending("state.db")) == Data(repeating: 0x41, count: 8192))
    }

    @Test func aDataDirectoryThatIsAFile() throws {
        let directory = try TemporaryDirectory()
        let file = directory.appending("plain-file")
        try Data("x".utf8).write(to: file)
        let message = try #require(openError(file))
        #expect(message.contains("is not a directory"), "\(message)")
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func aReadOnlyDirectory() throws {
        let mount = try TmpfsMount(sizeKiB: 1024, readOnly: true)
        let message = try #require(openError(mount.url))
        #expect(message.contains("not writable") || message.contains("read-only"), "\(message)")
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func aFullDiskFailsWritesClearlyAndLosesNothingAcknowledged() async throws {
        let mount = try TmpfsMount(sizeKiB: 1024)
        var options = SQLiteStorageOptions()
        options.maintenanceInterval = nil
        let store = try SQLiteStorage(directory: mount.url, options: options)
        var acknowledged: [String: Int64] = [:]
        var failure: StorageError?
        let value = Data(repeating: 0x5A, count: 1024)
        for i in 0..<5_000 {
            do {
                acknowledged["/full/\(i)"] = try await store.create("/full/\(i)", value: value)
            } catch let error as StorageError {
                failure = error
                break
            }
        }
        guard case .backendFailure(let message) = try #require(failure) else {
            Issue.record("expected a backend failure, got \(String(describing: failure))")
            return
        }
        #expect(message.contains("disk full"), "\(message)")
        // Reads go on and every acknowledged write is there.
        let items = try await store.listAll("/full").items
        #expect(items.count == acknowledged.count)
        for item in items { #expect(acknowledged[item.key] == item.modRevision) }
        // Space returns: writes work again, and nothing went missing across a reopen.
        try mount.remount(sizeKiB: 16 * 1024)
        let next = try await store.create("/full/after", value: value)
        #expect(next == (acknowledged.values.max() ?? 0) + 1)
        await store.close()
        let reopened = try SQLiteStorage(directory: mount.url)
        #expect(try await reopened.listAll("/full").items.count == acknowledged.count + 1)
        await reopened.close()
    }
}
