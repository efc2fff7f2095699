import SkiffAPI
import SkiffModel

/// The spec checks of a Service (`ValidateService`, the parts that apply without IP allocation):
/// the type, ports (required unless headless or ExternalName; numbers, protocols, names unique
/// and required when there are several; target ports), the selector's labels, and the
/// external name of an ExternalName service.
enum ServiceValidation {
    static let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]

    static func errors(_ object: JSONValue) -> [FieldError] {
        let spec = object[member: "spec"] ?? .object([:])
        var errors: [FieldError] = []
        let type = spec.text("type")
        errors += ValidationFormats.oneOf(type, "spec.type", types)
        let headless = spec.text("clusterIP") == "None"
        let ports = spec.objectElements("ports")
        if ports.isEmpty && !headless && type != "ExternalName" {
            errors.append(.required("spec.ports"))
        }
        var names = Set<String>()
        for (index, port) in ports {
            let path = "spec.ports[\(index)]"
            let name = port.text("name")
            if ports.count > 1 && name.isEmpty {
                errors.append(.required("\(path).name"))
            } else if !name.isEmpty {
                for message in NameValidation.dns1123LabelErrors(name) { errors.append(.invalid("\(path).name", name, message)) }
                if !names.insert(name).inserted { errors.append(.duplicate("\(path).name", .string(name))) }
            }
            let number = port[member: "port"]?.integerValue ?? 0
            for message in ValidationFormats.portNumberErrors(number) {
                errors.append(.invalid("\(path).port", .integer(number), message))
            }
            errors += ValidationFormats.oneOf(port.text("protocol"), "\(path).protocol", PodSpecValidation.protocols)
            switch port[member: "targetPort"] {
            case .integer(let target)?:
                for message in ValidationFormats.portNumberErrors(target) {
                    errors.append(.invalid("\(path).targetPort", .integer(target), message))
                }
            case .string(let target)?:
                if let numeric = Int64(target) {
                    for message in ValidationFormats.portNumberErrors(numeric) {
                        errors.append(.invalid("\(path).targetPort", .string(target), message))
                    }
                } else {
                    for message in ValidationFormats.portNameErrors(target) {
                        errors.append(.invalid("\(path).targetPort", .string(target), message))
                    }
                }
            default:
                break
            }
            if let nodePort = port[member: "nodePort"]?.integerValue, nodePort != 0 {
                if type != "NodePort" && type != "LoadBalancer" {
                    errors.append(.forbidden("\(path).nodePort", "may not be used when `type` is '\(type)'"))
                } else {
                    for message in ValidationFormats.portNumberErrors(nodePort) {
                        errors.append(.invalid("\(path).nodePort", .integer(nodePort), message))
                    }
                }
            }
        }
        if type == "ExternalName" {
            let externalName = spec.text("externalName")
            if externalName.isEmpty {
                errors.append(.required("spec.externalName"))
            } else {
                for message in NameValidation.dns1123SubdomainErrors(externalName) {
                    errors.append(.invalid("spec.externalName", externalName, message))
                }
            }
        }
        errors += LabelValidation.validateLabels(spec[member: "selector"]?.stringMap ?? [:], field: "spec.selector")
        errors += ValidationFormats.oneOf(spec.text("sessionAffinity"), "spec.sessionAffinity", ["ClientIP", "None"])
        return errors
    }
}
