import SkiffTesting
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

    func log(event: LogEvent) {
        if event.message.description == "scheduler synced" {
            syncedAt.instant.store(monotonicNanoseconds(), ordering: .releasing)
        }
        if event.level >= .warning {
            FileHandle.standardError.write(Data("scheduler \(event.level): \(event.message) \(event.metadata ?? [:])\n".utf8))
        }
    }
}

/// When the scheduler reported its informers synced (monotonic ns; 0 until then).
final class SyncInstant: Sendable {
    let instant = Atomic<UInt64>(0)
}
