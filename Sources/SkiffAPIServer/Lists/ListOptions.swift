import SkiffAPI

/// The paging and consistency options of a list (`limit`, `continue`, `resourceVersion`,
/// `resourceVersionMatch`), validated as Kubernetes' `ValidateListOptions` does. Pure.
struct ListOptions: Equatable, Sendable {
    /// Where to read.
    enum Consistency: Equatable, Sendable {
        /// The newest revision (`resourceVersion` unset, "0", or NotOlderThan a revision that
        /// has happened).
        case latest
        /// At least this revision (NotOlderThan, or a legacy `resourceVersion` without a match).
        case notOlderThan(Int64)
        /// Exactly this revision (`resourceVersionMatch=Exact`).
        case exact(Int64)
    }

    /// Most items per page; nil for all.
    var limit: Int?
    /// The position to continue from.
    var continueToken: ContinueToken?
    var consistency: Consistency

    init(limit: Int? = nil, continueToken: ContinueToken? = nil, consistency: Consistency = .latest) {
        self.limit = limit
        self.continueToken = continueToken
        self.consistency = consistency
    }

    init(query: QueryParameters) throws(StatusError) {
        var limit: Int?
        if let text = query["limit"], !text.isEmpty {
            guard let value = Int(text) else { throw .badRequest("invalid limit: \(text)") }
            if value < 0 {
                throw Self.invalid([.invalid("limit", .integer(Int64(value)), "must be greater than or equal to 0")])
            }
            limit = value > 0 ? value : nil
        }
        let resourceVersion = query["resourceVersion"] ?? ""
        let match = query["resourceVersionMatch"] ?? ""
        var token: ContinueToken?
        if let text = query["continue"], !text.isEmpty {
            if !resourceVersion.isEmpty && resourceVersion != "0" {
                throw .badRequest("specifying resource version is not allowed when using continue")
            }
            if !match.isEmpty {
                throw Self.invalid([.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided")])
            }
            do {
                token = try ContinueToken(decoding: text)
            } catch {
                throw .badRequest("continue key is not valid: \(error.reason)")
            }
        }
        var consistency = Consistency.latest
        switch match {
        case "":
            if !resourceVersion.isEmpty && resourceVersion != "0" {
                consistency = .notOlderThan(try Self.revision(resourceVersion))
            }
        case "NotOlderThan", "Exact":
            if resourceVersion.isEmpty {
                throw Self.invalid([.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")])
            }
            if match == "Exact" {
                if resourceVersion == "0" {
                    throw Self.invalid([.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")])
                }
                consistency = .exact(try Self.revision(resourceVersion))
            } else if resourceVersion != "0" {
                consistency = .notOlderThan(try Self.revision(resourceVersion))
            }
        default:
            throw Self.invalid([.notSupported("resourceVersionMatch", .string(match), supported: ["Exact", "NotOlderThan", ""])])
        }
        self.init(limit: limit, continueToken: token, consistency: consistency)
    }

    static func revision(_ text: String) throws(StatusError) -> Int64 {
        guard let value = Int64(text), value >= 0 else {
            throw .badRequest("invalid resource version: \(text)")
        }
        return value
    }

    private static func invalid(_ errors: [FieldError]) -> StatusError {
        .invalid(kind: "ListOptions", group: "meta.k8s.io", name: "", errors: errors)
    }
}
