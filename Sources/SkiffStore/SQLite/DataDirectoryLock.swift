import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a file in the data directory, so that two processes never open the
/// same store. The lock dies with the process, even on SIGKILL.
final class DataDirectoryLock: Sendable {
    private let descriptor: Mutex<Int32>

    init(directory: URL) throws(StorageError) {
        let path = directory.appendingPathComponent("state.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            throw .backendFailure("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno == EWOULDBLOCK
                ? "the data directory \(directory.path) is in use by another Skiff process"
                : "cannot lock \(path): \(String(cString: strerror(errno)))"
            close(descriptor)
            throw .backendFailure(reason)
        }
        self.descriptor = Mutex(descriptor)
    }

    /// Releases the lock (also done on deinit).
    func release() {
        descriptor.withLock { descriptor in
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
        }
    }

    deinit {
        release()
    }
}
