import Foundation
import SkiffTesting

/// A small tmpfs mounted on a temp dir, to simulate a full or read-only disk (needs root).
final class TmpfsMount {
    let directory: TemporaryDirectory
    var url: URL { directory.url }

    /// Whether this process may mount (tests that need it are skipped, with this reason, if not).
    static let isAvailable: Bool = {
        guard let probe = try? TmpfsMount(sizeKiB: 64) else { return false }
        probe.unmount()
        return true
    }()

    init(sizeKiB: Int, readOnly: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "skiff-tmpfs")
        let options = "size=\(sizeKiB)k" + (readOnly ? ",ro" : "")
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", directory.url.path])
    }

    func remount(sizeKiB: Int? = nil, readOnly: Bool = false) throws {
        var options = "remount," + (readOnly ? "ro" : "rw")
        if let sizeKiB { options += ",size=\(sizeKiB)k" }
        try Self.run("/bin/mount", ["-o", options, directory.url.path])
    }

    func unmount() {
        try? Self.run("/bin/umount", ["-l", directory.url.path])
    }

    deinit {
        unmount()
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed"])
        }
    }
}
