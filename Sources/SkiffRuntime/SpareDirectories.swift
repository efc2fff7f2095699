import Foundation
import Synchronization

/// Empty directories made ahead of need in one parent directory, handed out by renaming one to the name wanted.
///
/// Making a directory is the slow step of starting a pod on a busy machine: on ext4 that has seen many
/// directories come and go, `mkdir` costs 150–500 µs (the inode allocator steps over recently freed inodes one
/// by one), and a cgroup v1 `mkdir` ~100 µs (the kernel creates its control files); a `rename` in the same
/// parent costs ~13 µs. So sandbox and cgroup directories are made while nothing waits — when the runtime
/// starts and when a pod is removed — and a pod start only renames one.
///
/// Spares are named `<prefix><n>` (the prefix is chosen so no real entry can have it); ones left by an earlier
/// runtime over the same parent are found and used. A spare is always made fresh by `mkdir`, never recycled
/// from a removed pod, so it carries nothing of another pod (files, mode, ACLs, a cgroup's charged memory or
/// counters). Thread-safe.
final class SpareDirectories: Sendable {
    /// The directory the spares (and the directories they become) live in.
    let parent: String
    /// How many spares ``replenish()`` keeps.
    let target: Int
    private let prefix: String
    private let available: Mutex<[String]>
    private let nextNumber: Atomic<Int>
    /// Held while making spares, so two callers never overshoot the target together; true once closed (no
    /// spare is made after ``close(removingSpares:)``).
    private let replenishing = Mutex(false)

    /// Finds the spares already in `parent` (a previous runtime's).
    init(parent: String, prefix: String, target: Int) {
        self.parent = parent
        self.prefix = prefix
        self.target = target
        let found = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.hasPrefix(prefix) }
        let highest = found.compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0
        available = Mutex(found.map { "\(parent)/\($0)" })
        nextNumber = Atomic(highest + 1)
    }

    /// The number of spares ready now.
    var count: Int { available.withLock { $0.count } }

    /// Renames a spare to `path` (a name in `parent`) and returns true; false when none is left or `path`
    /// already exists (the caller makes or keeps the directory itself).
    func take(as path: String) -> Bool {
        var information = stat()
        guard lstat(path, &information) != 0 else { return false }
        while let spare = available.withLock({ $0.popLast() }) {
            if rename(spare, path) == 0 { return true }
            // ENOENT: removed behind our back, try the next one. Anything else: give up, keep the spare.
            if errno != ENOENT {
                available.withLock { $0.append(spare) }
                return false
            }
        }
        return false
    }

    /// Makes spares until there are `target`; stops at a failure other than a name taken by another runtime
    /// over the same parent (a full disk, a removed parent). Runs where blocking is fine (the runtime's
    /// blocking-call threads).
    func replenish() {
        replenishing.withLock { closed in
            guard !closed else { return }
            var attempts = 0
            while count < target, attempts < 2 * target {
                attempts += 1
                let path = "\(parent)/\(prefix)\(nextNumber.wrappingAdd(1, ordering: .relaxed).oldValue)"
                if mkdir(path, 0o755) == 0 {
                    available.withLock { $0.append(path) }
                } else if errno != EEXIST {
                    return
                }
            }
        }
    }

    /// Makes no more spares: a ``replenish()`` running now finishes first, a later one does nothing. With
    /// `removingSpares`, also removes the spares this instance knows of (those another runtime took meanwhile
    /// are gone already).
    func close(removingSpares: Bool) {
        replenishing.withLock { closed in
            closed = true
            guard removingSpares else { return }
            let spares = available.withLock { spares -> [String] in
                defer { spares.removeAll() }
                return spares
            }
            for spare in spares { rmdir(spare) }
        }
    }
}
