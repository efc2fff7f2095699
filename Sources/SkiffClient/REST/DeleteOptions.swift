import SkiffModel

/// Options of a delete: grace period, preconditions (uid / resourceVersion must still match) and
/// how dependents are garbage-collected. Sent as a `meta/v1 DeleteOptions` body.
public struct DeleteOptions: Sendable, Hashable {
    /// How dependents are deleted.
    public enum PropagationPolicy: String, Sendable, Hashable {
        case orphan = "Orphan", background = "Background", foreground = "Foreground"
    }

    public var gracePeriodSeconds: Int64?
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?
    public var propagationPolicy: PropagationPolicy?
    public var dryRun: Bool

    public init(gracePeriodSeconds: Int64? = nil, preconditionUID: String? = nil,
                preconditionResourceVersion: String? = nil, propagationPolicy: PropagationPolicy? = nil,
                dryRun: Bool = false) {
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.propagationPolicy = propagationPolicy
        self.dryRun = dryRun
    }

    /// The wire form.
    var body: MetaV1.DeleteOptions {
        var preconditions: MetaV1.Preconditions?
        if preconditionUID != nil || preconditionResourceVersion != nil {
            preconditions = MetaV1.Preconditions(resourceVersion: preconditionResourceVersion, uid: preconditionUID)
        }
        return MetaV1.DeleteOptions(apiVersion: "v1", dryRun: dryRun ? ["All"] : nil,
                                    gracePeriodSeconds: gracePeriodSeconds, kind: "DeleteOptions",
                                    preconditions: preconditions, propagationPolicy: propagationPolicy?.rawValue)
    }
}
