import Foundation

/// One requested change, as the writer receives it.
enum WriteOperation: Sendable {
    case create(key: String, value: Data)
    case update(key: String, value: Data, expectedRevision: Int64)
    case delete(key: String, expectedRevision: Int64?)

    var key: String {
        switch self {
        case .create(let key, _), .update(let key, _, _), .delete(let key, _): key
        }
    }
}

/// The row a write appends to the revision log.
struct RevisionRow: Sendable, Hashable {
    var revision: Int64
    var key: String
    var created: Bool
    var deleted: Bool
    var createRevision: Int64
    var prevRevision: Int64
    var value: Data
}

/// What the writer decided for one operation.
enum WriteDecision: Sendable, Hashable {
    case append(RevisionRow)
    case reject(StorageError)
}

/// The pure decision logic of the writer: given what is live (committed state overlaid with the
/// earlier operations of the same batch), whether an operation succeeds and which row it appends.
struct WriteBatchPlanner {
    /// The committed state of a key.
    private let committed: (String) -> LiveKey?
    private(set) var nextRevision: Int64
    /// Changes made by the operations planned so far; nil marks a deleted key.
    private(set) var changes: [String: LiveKey?] = [:]

    init(currentRevision: Int64, committed: @escaping (String) -> LiveKey?) {
        self.committed = committed
        self.nextRevision = currentRevision + 1
    }

    private func liveState(_ key: String) -> LiveKey? {
        if let changed = changes[key] { return changed }
        return committed(key)
    }

    mutating func plan(_ operation: WriteOperation) -> WriteDecision {
        let key = operation.key
        let current = liveState(key)
        let row: RevisionRow
        switch operation {
        case .create(_, let value):
            if current != nil { return .reject(.alreadyExists(key: key)) }
            row = RevisionRow(
                revision: nextRevision, key: key, created: true, deleted: false,
                createRevision: nextRevision, prevRevision: 0, value: value)
        case .update(_, let value, let expected):
            guard let current else { return .reject(.notFound(key: key)) }
            if current.modRevision != expected {
                return .reject(.conflict(key: key, expectedRevision: expected, actualRevision: current.modRevision))
            }
            row = RevisionRow(
                revision: nextRevision, key: key, created: false, deleted: false,
                createRevision: current.createRevision, prevRevision: current.modRevision, value: value)
        case .delete(_, let expected):
            guard let current else { return .reject(.notFound(key: key)) }
            if let expected, current.modRevision != expected {
                return .reject(.conflict(key: key, expectedRevision: expected, actualRevision: current.modRevision))
            }
            row = RevisionRow(
                revision: nextRevision, key: key, created: false, deleted: true,
                createRevision: current.createRevision, prevRevision: current.modRevision, value: Data())
        }
        changes[key] = row.deleted ? .some(nil) : LiveKey(createRevision: row.createRevision, modRevision: row.revision)
        nextRevision += 1
        return .append(row)
    }
}
