import CSkiffSpawn
import Foundation

/// Where a runtime keeps its volatile state (container and sandbox records, output FIFOs): on tmpfs, like
/// containerd's `/run`, because file creation there costs microseconds instead of the hundreds of a busy ext4
/// disk, and because none of it outlives a reboot that no container outlives either (see docs/runtime.md).
///
/// Candidates, first usable wins: `/run/skiff/<id>` when `/run` is tmpfs, `/dev/shm/skiff-<id>` when that is
/// tmpfs, else `<root>/state`. `<id>` is a hash of the runtime root's real path, so runtimes over distinct data
/// directories never share a state directory and a runtime restarted over the same root finds its state again.
/// A candidate is usable when it is (or can be made) a directory owned by this user that nobody else can write,
/// and its owner marker (``ownerMarker``) names this root.
enum RuntimeStateDirectory {
    /// File in the state directory holding the root's real path (pod UIDs never contain `_`).
    static let ownerMarker = "_root"

    private static let tmpfsMagic = 0x0102_1994

    /// The state directory for a runtime over `root` (which must exist), created if needed.
    static func choose(forRoot root: String) -> String {
        let realRoot = realPath(root) ?? root
        let id = identifier(of: realRoot)
        if isTmpfs("/run"), makePrivateDirectory("/run/skiff", mode: 0o755), claim("/run/skiff/\(id)", root: realRoot) {
            return "/run/skiff/\(id)"
        }
        if isTmpfs("/dev/shm"), claim("/dev/shm/skiff-\(id)", root: realRoot) {
            return "/dev/shm/skiff-\(id)"
        }
        return "\(root)/state"
    }

    /// 16 hex digits of FNV-1a (64 bit) over the path: stable across processes, unlike `Hasher`.
    static func identifier(of path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isTmpfs(_ path: String) -> Bool {
        skiff_filesystem_type(path) == tmpfsMagic
    }

    /// Creates `path` (its parent must exist) or accepts it when it already is a real directory of ours that
    /// only we can write.
    static func makePrivateDirectory(_ path: String, mode: mode_t = 0o700) -> Bool {
        if mkdir(path, mode) != 0, errno != EEXIST { return false }
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid() && info.st_mode & 0o022 == 0
    }

    /// Makes `path` this root's state directory: a private directory whose owner marker is absent (then
    /// written) or names `root` (a hash collision or a foreign directory is refused).
    static func claim(_ path: String, root: String) -> Bool {
        guard makePrivateDirectory(path) else { return false }
        let marker = "\(path)/\(ownerMarker)"
        if let owner = ProcFS.readFile(marker) { return owner == root }
        let descriptor = open(marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return false }
        let bytes = Array(root.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        return written == bytes.count
    }

    /// Removes the state directory if it holds nothing but its owner marker (a runtime with no sandboxes left).
    static func removeIfEmpty(_ path: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard entries.allSatisfy({ $0 == ownerMarker }) else { return }
        unlink("\(path)/\(ownerMarker)")
        rmdir(path)
    }
}
