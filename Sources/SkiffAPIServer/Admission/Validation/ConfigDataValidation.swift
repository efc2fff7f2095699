import SkiffAPI
import SkiffModel

/// The checks of ConfigMaps and Secrets: keys are config keys (`[-._a-zA-Z0-9]+`, not `.`
/// and not starting with `..`), a key may not be both in `data` and `binaryData`, and the keys
/// typed Secrets require are present.
enum ConfigDataValidation {
    static func configMap(_ object: JSONValue) -> [FieldError] {
        var errors = keyErrors(object, section: "data")
        errors += keyErrors(object, section: "binaryData")
        let dataKeys = Set((object[member: "data"]?.objectMembers ?? [:]).keys)
        for key in (object[member: "binaryData"]?.objectMembers ?? [:]).keys.sorted() where dataKeys.contains(key) {
            errors.append(.invalid("binaryData", .string(key), "duplicate of key present in data"))
        }
        return errors
    }

    static func secret(_ object: JSONValue) -> [FieldError] {
        var errors = keyErrors(object, section: "data")
        let keys = Set((object[member: "data"]?.objectMembers ?? [:]).keys)
        switch object.text("type") {
        case "kubernetes.io/tls":
            for key in ["tls.crt", "tls.key"] where !keys.contains(key) { errors.append(.required("data[\(key)]")) }
        case "kubernetes.io/dockerconfigjson":
            if !keys.contains(".dockerconfigjson") { errors.append(.required("data[.dockerconfigjson]")) }
        case "kubernetes.io/dockercfg":
            if !keys.contains(".dockercfg") { errors.append(.required("data[.dockercfg]")) }
        case "kubernetes.io/basic-auth":
            if !keys.contains("username") && !keys.contains("password") {
                errors.append(.required("data[username]"))
            }
        case "kubernetes.io/ssh-auth":
            if !keys.contains("ssh-privatekey") { errors.append(.required("data[ssh-privatekey]")) }
        case "kubernetes.io/service-account-token":
            let annotations = object[member: "metadata"]?[member: "annotations"]?.stringMap ?? [:]
            if (annotations["kubernetes.io/service-account.name"] ?? "").isEmpty {
                errors.append(.required("metadata.annotations[kubernetes.io/service-account.name]"))
            }
        default:
            break
        }
        return errors
    }

    static func keyErrors(_ object: JSONValue, section: String) -> [FieldError] {
        var errors: [FieldError] = []
        for key in (object[member: section]?.objectMembers ?? [:]).keys.sorted() {
            for message in ValidationFormats.configKeyErrors(key) {
                errors.append(.invalid("\(section)[\(key)]", key, message))
            }
        }
        return errors
    }
}
