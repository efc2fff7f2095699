import SkiffAPI
import SkiffModel

/// The `labelSelector` and `fieldSelector` of a list, watch or deletecollection, checked against
/// the fields the resource supports (Kubernetes' field label conversion functions): every
/// resource supports `metadata.name` and `metadata.namespace`, some a few more.
struct ObjectSelector: Sendable {
    var labels: LabelSelector
    var fields: FieldSelector

    /// Matches everything.
    static let everything = ObjectSelector(labels: .everything, fields: .everything)

    init(labels: LabelSelector, fields: FieldSelector) {
        self.labels = labels
        self.fields = fields
    }

    /// Parses the query parameters; a bad selector or an unsupported field is a 400.
    init(query: QueryParameters, resource info: ResourceInfo) throws(StatusError) {
        var labels = LabelSelector.everything
        if let text = query["labelSelector"], !text.isEmpty {
            do {
                labels = try LabelSelector(parsing: text)
            } catch {
                throw .badRequest(error.description)
            }
        }
        var fields = FieldSelector.everything
        if let text = query["fieldSelector"], !text.isEmpty {
            do {
                fields = try FieldSelector(parsing: text)
            } catch {
                throw .badRequest(error.description)
            }
            let supported = Self.supportedFields(info)
            for requirement in fields.requirements where supported[requirement.field] == nil {
                throw .badRequest("field label not supported: \(requirement.field)")
            }
        }
        self.init(labels: labels, fields: fields)
    }

    /// True when only names and namespaces are selected on (no need to decode objects).
    var needsObject: Bool {
        !labels.isEmpty || fields.requirements.contains { $0.field != "metadata.name" && $0.field != "metadata.namespace" }
    }

    var isEverything: Bool { labels.isEmpty && fields.isEmpty }

    /// Whether the object matches; `object` may be nil when ``needsObject`` is false.
    func matches(namespace: String, name: String, object: JSONValue?, resource info: ResourceInfo) -> Bool {
        if !needsObject {
            return matches(namespace: namespace, name: name, attributes: .none)
        }
        guard let object else { return false }
        return matches(namespace: namespace, name: name, attributes: Self.attributes(of: object, resource: info))
    }

    /// Whether an object with these selectable attributes matches.
    func matches(namespace: String, name: String, attributes: SelectableAttributes) -> Bool {
        if !labels.isEmpty && !labels.matches(attributes.labels) { return false }
        if fields.isEmpty { return true }
        var values = attributes.fields
        values["metadata.name"] = name
        values["metadata.namespace"] = namespace
        return fields.matches(values)
    }

    /// What selectors read of an object: its labels and the values of the resource's selectable
    /// fields (defaults filled in). Computed once per object by the watch cache.
    struct SelectableAttributes: Sendable {
        var labels: [String: String]
        var fields: [String: String]

        static let none = SelectableAttributes(labels: [:], fields: [:])
    }

    /// The labels and selectable field values of `object`.
    static func attributes(of object: JSONValue, resource info: ResourceInfo) -> SelectableAttributes {
        let labels = object.value(atPath: "metadata.labels")?.stringMap ?? [:]
        var fields: [String: String] = [:]
        for (name, field) in extraFields[info.group + "/" + info.resource] ?? [:] {
            let text = object.fieldSelectorText(atPath: field.path)
            fields[name] = text.isEmpty ? field.defaultValue : text
        }
        return SelectableAttributes(labels: labels, fields: fields)
    }

    /// A selectable field: where it lives in the object and what a missing value reads as.
    struct SelectableField: Sendable {
        var path: String
        var defaultValue: String = ""
    }

    /// The fields a resource's field selectors may use.
    static func supportedFields(_ info: ResourceInfo) -> [String: SelectableField] {
        var fields: [String: SelectableField] = [
            "metadata.name": SelectableField(path: "metadata.name"),
            "metadata.namespace": SelectableField(path: "metadata.namespace"),
        ]
        for (name, field) in extraFields[info.group + "/" + info.resource] ?? [:] { fields[name] = field }
        return fields
    }

    private static let extraFields: [String: [String: SelectableField]] = [
        "/pods": [
            "spec.nodeName": SelectableField(path: "spec.nodeName"),
            "spec.restartPolicy": SelectableField(path: "spec.restartPolicy"),
            "spec.schedulerName": SelectableField(path: "spec.schedulerName"),
            "spec.serviceAccountName": SelectableField(path: "spec.serviceAccountName"),
            "spec.hostNetwork": SelectableField(path: "spec.hostNetwork", defaultValue: "false"),
            "status.phase": SelectableField(path: "status.phase"),
            "status.podIP": SelectableField(path: "status.podIP"),
            "status.nominatedNodeName": SelectableField(path: "status.nominatedNodeName"),
        ],
        "/events": [
            "involvedObject.kind": SelectableField(path: "involvedObject.kind"),
            "involvedObject.namespace": SelectableField(path: "involvedObject.namespace"),
            "involvedObject.name": SelectableField(path: "involvedObject.name"),
            "involvedObject.uid": SelectableField(path: "involvedObject.uid"),
            "involvedObject.apiVersion": SelectableField(path: "involvedObject.apiVersion"),
            "involvedObject.resourceVersion": SelectableField(path: "involvedObject.resourceVersion"),
            "involvedObject.fieldPath": SelectableField(path: "involvedObject.fieldPath"),
            "reason": SelectableField(path: "reason"),
            "reportingComponent": SelectableField(path: "reportingComponent"),
            "source": SelectableField(path: "source.component"),
            "type": SelectableField(path: "type"),
        ],
        "/secrets": ["type": SelectableField(path: "type")],
        "/namespaces": ["status.phase": SelectableField(path: "status.phase")],
        "/nodes": ["spec.unschedulable": SelectableField(path: "spec.unschedulable", defaultValue: "false")],
        "/replicationcontrollers": ["status.replicas": SelectableField(path: "status.replicas", defaultValue: "0")],
        "apps/replicasets": ["status.replicas": SelectableField(path: "status.replicas", defaultValue: "0")],
        "batch/jobs": ["status.successful": SelectableField(path: "status.successful", defaultValue: "0")],
    ]
}
