import Foundation
import Logging
import Synchronization

/// A log handler for the scheduler under test: notes when it logs "scheduler synced" (its
/// informers hold every node and pod), prints warnings and errors to stderr.
struct SyncWatchingLogHandler: LogHandler {
    let syncedAt: SyncInstant
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        if message.description == "scheduler synced" {
            syncedAt.instant.store(monotonicNanoseconds(), ordering: .releasing)
        }
        if level >= .warning {
            FileHandle.standardError.write(Data("scheduler \(level): \(message) \(metadata ?? [:])\n".utf8))
        }
    }
}

/// When the scheduler reported its informers synced (monotonic ns; 0 until then).
final class SyncInstant: Sendable {
    let instant = Atomic<UInt64>(0)
}
