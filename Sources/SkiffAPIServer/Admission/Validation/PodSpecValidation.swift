import Foundation
import SkiffAPI
import SkiffModel

/// The checks Kubernetes' `ValidatePodSpec` makes that Skiff repeats, on a defaulted pod spec:
/// containers required, container names unique DNS-1123 labels across init and app containers,
/// images required, ports, environment variable names, resources (requests within limits),
/// probes with exactly one handler, volumes (unique names, at most one source), volume mounts
/// naming a volume, and the restart and DNS policies.
enum PodSpecValidation {
    static let restartPolicies = ["Always", "OnFailure", "Never"]
    static let dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
    static let protocols = ["SCTP", "TCP", "UDP"]
    static let pullPolicies = ["Always", "IfNotPresent", "Never"]
    static let probeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"]

    /// The errors of `spec` at `path` (e.g. `spec` or `spec.template.spec`).
    static func errors(_ spec: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        let (volumeErrors, volumeNames) = volumes(spec, path: path)
        errors += volumeErrors
        var containerNames = Set<String>()
        let initContainers = spec.objectElements("initContainers")
        for (index, container) in initContainers {
            errors += self.container(container, path: "\(path).initContainers[\(index)]", names: &containerNames,
                                     volumes: volumeNames, isInit: true)
        }
        let containers = spec.objectElements("containers")
        if containers.isEmpty {
            errors.append(.required("\(path).containers"))
        }
        for (index, container) in containers {
            errors += self.container(container, path: "\(path).containers[\(index)]", names: &containerNames,
                                     volumes: volumeNames, isInit: false)
        }
        errors += ValidationFormats.oneOf(spec.text("restartPolicy"), "\(path).restartPolicy", restartPolicies)
        errors += ValidationFormats.oneOf(spec.text("dnsPolicy"), "\(path).dnsPolicy", dnsPolicies)
        if let seconds = spec[member: "activeDeadlineSeconds"]?.integerValue, seconds <= 0 {
            errors.append(.invalid("\(path).activeDeadlineSeconds", .integer(seconds), "must be between 1 and 2147483647, inclusive"))
        }
        errors += LabelValidation.validateLabels(spec[member: "nodeSelector"]?.stringMap ?? [:], field: "\(path).nodeSelector")
        errors += TolerationValidation.errors(spec, path: path)
        for field in ["hostname", "subdomain"] {
            let value = spec.text(field)
            guard !value.isEmpty else { continue }
            for message in NameValidation.dns1123LabelErrors(value) { errors.append(.invalid("\(path).\(field)", value, message)) }
        }
        let account = spec.text("serviceAccountName")
        if !account.isEmpty {
            for message in NameValidation.dns1123SubdomainErrors(account) {
                errors.append(.invalid("\(path).serviceAccountName", account, message))
            }
        }
        return errors
    }

    static func container(_ container: JSONValue, path: String, names: inout Set<String>, volumes: Set<String>,
                          isInit: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        let name = container.text("name")
        if name.isEmpty {
            errors.append(.required("\(path).name"))
        } else {
            for message in NameValidation.dns1123LabelErrors(name) {
                errors.append(.invalid("\(path).name", name, message))
            }
            if !names.insert(name).inserted {
                errors.append(.duplicate("\(path).name", .string(name)))
            }
        }
        if container.text("image").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(.required("\(path).image"))
        }
        errors += ValidationFormats.oneOf(container.text("imagePullPolicy"), "\(path).imagePullPolicy", pullPolicies, required: false)
        errors += ports(container, path: path)
        for (index, variable) in container.objectElements("env") {
            let variableName = variable.text("name")
            if variableName.isEmpty {
                errors.append(.required("\(path).env[\(index)].name"))
            } else {
                for message in ValidationFormats.environmentVariableNameErrors(variableName) {
                    errors.append(.invalid("\(path).env[\(index)].name", variableName, message))
                }
            }
        }
        errors += resources(container[member: "resources"] ?? .object([:]), path: "\(path).resources")
        for (index, mount) in container.objectElements("volumeMounts") {
            let mountName = mount.text("name")
            if mountName.isEmpty {
                errors.append(.required("\(path).volumeMounts[\(index)].name"))
            } else if !volumes.contains(mountName) {
                errors.append(.notFound("\(path).volumeMounts[\(index)].name", .string(mountName)))
            }
            if mount.text("mountPath").isEmpty {
                errors.append(.required("\(path).volumeMounts[\(index)].mountPath"))
            }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let value = container[member: probe], value.isObject else { continue }
            if isInit && container.text("restartPolicy") != "Always" {
                errors.append(.forbidden("\(path).\(probe)", "may not be set for init containers without restartPolicy=Always"))
                continue
            }
            errors += self.probe(value, path: "\(path).\(probe)", requireSingleSuccess: probe != "readinessProbe")
        }
        return errors
    }

    static func ports(_ container: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var portNames = Set<String>()
        for (index, port) in container.objectElements("ports") {
            let portPath = "\(path).ports[\(index)]"
            let portName = port.text("name")
            if !portName.isEmpty {
                let messages = ValidationFormats.portNameErrors(portName)
                for message in messages { errors.append(.invalid("\(portPath).name", portName, message)) }
                if messages.isEmpty && !portNames.insert(portName).inserted {
                    errors.append(.duplicate("\(portPath).name", .string(portName)))
                }
            }
            let containerPort = port[member: "containerPort"]?.integerValue ?? 0
            if containerPort == 0 {
                errors.append(.required("\(portPath).containerPort"))
            } else {
                for message in ValidationFormats.portNumberErrors(containerPort) {
                    errors.append(.invalid("\(portPath).containerPort", .integer(containerPort), message))
                }
            }
            if let hostPort = port[member: "hostPort"]?.integerValue, hostPort != 0 {
                for message in ValidationFormats.portNumberErrors(hostPort) {
                    errors.append(.invalid("\(portPath).hostPort", .integer(hostPort), message))
                }
            }
            errors += ValidationFormats.oneOf(port.text("protocol"), "\(portPath).protocol", protocols)
        }
        return errors
    }

    /// Quantities non-negative, and each request at most its limit.
    static func resources(_ resources: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var limits: [String: Quantity] = [:]
        for section in ["limits", "requests"] {
            let members = resources[member: section]?.objectMembers ?? [:]
            for name in members.keys.sorted() {
                guard let value = members[name], let quantity = ResourceQuantities.parse(value) else { continue }
                let fieldPath = "\(path).\(section)[\(name)]"
                if quantity.signum < 0 {
                    errors.append(.invalid(fieldPath, .string(quantity.description), ValidationFormats.nonNegativeMessage))
                    continue
                }
                if section == "limits" {
                    limits[name] = quantity
                } else if let limit = limits[name], quantity > limit {
                    errors.append(.invalid(fieldPath, .string(quantity.description),
                                           "must be less than or equal to \(name) limit of \(limit.description)"))
                }
            }
        }
        return errors
    }

    static func probe(_ probe: JSONValue, path: String, requireSingleSuccess: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        let handlers = probeHandlers.filter { probe[member: $0] != nil && probe[member: $0] != .null }
        if handlers.isEmpty {
            errors.append(.required(path, "must specify a handler type"))
        } else if handlers.count > 1 {
            errors.append(.forbidden("\(path).\(handlers[1])", "may not specify more than 1 handler type"))
        }
        for field in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
            errors += ValidationFormats.nonNegative(probe[member: field], "\(path).\(field)")
        }
        if requireSingleSuccess, let success = probe[member: "successThreshold"]?.integerValue, success != 1 {
            errors.append(.invalid("\(path).successThreshold", .integer(success), "must be 1"))
        }
        return errors
    }

    /// Volume errors and the valid volume names.
    static func volumes(_ spec: JSONValue, path: String) -> ([FieldError], Set<String>) {
        var errors: [FieldError] = []
        var names = Set<String>()
        for (index, volume) in spec.objectElements("volumes") {
            let volumePath = "\(path).volumes[\(index)]"
            let name = volume.text("name")
            if name.isEmpty {
                errors.append(.required("\(volumePath).name"))
            } else {
                let messages = NameValidation.dns1123LabelErrors(name)
                for message in messages { errors.append(.invalid("\(volumePath).name", name, message)) }
                if !names.insert(name).inserted {
                    errors.append(.duplicate("\(volumePath).name", .string(name)))
                }
            }
            let sources = PodSpecDefaults.volumeSources.filter { volume[member: $0] != nil && volume[member: $0] != .null }
            if sources.isEmpty {
                errors.append(.required(volumePath, "must specify a volume type"))
            } else if sources.count > 1 {
                errors.append(.forbidden("\(volumePath).\(sources[1])", "may not specify more than 1 volume type"))
            }
        }
        return (errors, names)
    }
}
