import SkiffAPI
import SkiffModel

/// The parts of `meta/v1 DeleteOptions` (body or query) Skiff honours: preconditions on uid and
/// resourceVersion, `dryRun`, and `gracePeriodSeconds` (pods: see ``GracefulDeletion``).
/// `propagationPolicy` is accepted and ignored for now (there is no garbage collector yet).
struct DeleteOptions: Equatable, Sendable {
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var dryRun = false
    /// The grace period asked for; nil: the object's default.
    var gracePeriodSeconds: Int64?

    init() {}

    init(body: [UInt8], query: QueryParameters) throws(StatusError) {
        if body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) {
            let options = try BodyDecoder.decodeJSON(body)
            guard options.isObject else {
                throw .badRequest("json: cannot unmarshal \(options.goTypeName) into Go value of type v1.DeleteOptions")
            }
            if let preconditions = options[member: "preconditions"] {
                preconditionUID = preconditions[member: "uid"]?.stringValue
                preconditionResourceVersion = preconditions[member: "resourceVersion"]?.stringValue
            }
            if let grace = options[member: "gracePeriodSeconds"], grace != .null {
                guard let seconds = grace.integerValue else {
                    throw .badRequest("json: cannot unmarshal \(grace.goTypeName) into Go struct field DeleteOptions.gracePeriodSeconds of type int64")
                }
                gracePeriodSeconds = seconds
            }
            if let values = options[member: "dryRun"]?.arrayElements {
                for value in values {
                    guard value.stringValue == "All" else {
                        throw .badRequest("Invalid dry run value: \(value.stringValue ?? value.goTypeName) (supported values: \"All\")")
                    }
                    dryRun = true
                }
            }
        }
        if let value = query["gracePeriodSeconds"], !value.isEmpty {
            guard let seconds = Int64(value) else { throw .badRequest("invalid gracePeriodSeconds: \(value)") }
            gracePeriodSeconds = seconds
        }
        if let value = query["dryRun"], !value.isEmpty {
            guard value == "All" else { throw .badRequest("Invalid dry run value: \(value) (supported values: \"All\")") }
            dryRun = true
        }
    }

    /// 409 Conflict when a precondition does not hold for `object`.
    func check(_ object: JSONValue, info: ResourceInfo, name: String) throws(StatusError) {
        let metadata = object[member: "metadata"]
        if let uid = preconditionUID {
            let actual = metadata?[member: "uid"]?.stringValue ?? ""
            if uid != actual {
                throw .conflict(resource: info.resource, group: info.group, name: name,
                                because: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(actual)")
            }
        }
        if let resourceVersion = preconditionResourceVersion {
            let actual = metadata?[member: "resourceVersion"]?.stringValue ?? ""
            if resourceVersion != actual {
                throw .conflict(resource: info.resource, group: info.group, name: name,
                                because: "Precondition failed: ResourceVersion in precondition: \(resourceVersion), ResourceVersion in object meta: \(actual)")
            }
        }
    }

    /// Resources whose delete answers with the deleted object (Kubernetes' `ReturnDeletedObject`);
    /// the others answer with a success `Status`.
    static let returnsDeletedObject: Set<String> = ["/pods", "/services", "/serviceaccounts", "/namespaces",
                                                    "storage.k8s.io/storageclasses"]

    /// The success `Status` of a delete.
    static func successStatus(info: ResourceInfo, name: String, uid: String) -> Status {
        Status(status: Status.success, details: StatusDetails(name: name, group: info.group, kind: info.resource, uid: uid))
    }
}
