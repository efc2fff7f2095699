import Foundation
import SkiffAPI
import SkiffModel
import SkiffRuntime

/// Builds a container's environment and command line (pure): defaults (`PATH`, `HOSTNAME`,
/// `POD_IP`), then the spec's `env` in order — `value` with `$(VAR)` expansion against the
/// variables defined before it, `valueFrom.fieldRef` and `valueFrom.resourceFieldRef` — then
/// `command + args` expanded against the whole environment.
public struct ContainerEnvironment: Sendable {
    public var podIP: String
    public var hostIP: String
    /// Node allocatable cpu (cores) and memory (bytes): what an unset limit resolves to.
    public var nodeCPUCores: Int64
    public var nodeMemoryBytes: Int64

    public init(podIP: String, hostIP: String = "127.0.0.1", nodeCPUCores: Int64, nodeMemoryBytes: Int64) {
        self.podIP = podIP
        self.hostIP = hostIP
        self.nodeCPUCores = nodeCPUCores
        self.nodeMemoryBytes = nodeMemoryBytes
    }

    /// The failure of a container that cannot be built.
    public struct Failure: Error, Sendable, Hashable {
        public var reason: String
        public var message: String
    }

    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The environment, in order (later names override earlier ones).
    public func environment(for container: CoreV1.Container, in pod: CoreV1.Pod) throws(Failure) -> [EnvironmentVariable] {
        var ordered: [String] = []
        var values: [String: String] = [:]
        func set(_ name: String, _ value: String) {
            if values[name] == nil { ordered.append(name) }
            values[name] = value
        }
        set("PATH", Self.defaultPath)
        set("HOSTNAME", pod.spec?.hostname ?? pod.metadata?.name ?? "")
        set("POD_IP", podIP)
        for variable in container.env ?? [] {
            guard let name = variable.name, !name.isEmpty else { continue }
            if let source = variable.valueFrom {
                if let field = source.fieldRef {
                    set(name, try fieldValue(field.fieldPath ?? "", pod))
                } else if let resource = source.resourceFieldRef {
                    set(name, try resourceValue(resource, container: container, pod: pod))
                } else {
                    throw Failure(reason: "CreateContainerConfigError",
                                  message: "env \(name): only fieldRef and resourceFieldRef sources are supported yet")
                }
            } else {
                set(name, VariableExpansion.expand(variable.value ?? "", values))
            }
        }
        return ordered.map { EnvironmentVariable($0, values[$0] ?? "") }
    }

    /// `command + args` with `$(VAR)` expanded; throws when the container has no command.
    public func commandLine(for container: CoreV1.Container, environment: [EnvironmentVariable]) throws(Failure) -> [String] {
        guard let command = container.command, !command.isEmpty else {
            throw Failure(reason: "CreateContainerError",
                          message: "container has no command: the process runtime runs command and args, it has no images")
        }
        var values: [String: String] = [:]
        for variable in environment { values[variable.name] = variable.value }
        return (command + (container.args ?? [])).map { VariableExpansion.expand($0, values) }
    }

    /// The value of a `fieldRef` path.
    public func fieldValue(_ path: String, _ pod: CoreV1.Pod) throws(Failure) -> String {
        let metadata = pod.metadata
        switch path {
        case "metadata.name": return metadata?.name ?? ""
        case "metadata.namespace": return metadata?.namespace ?? ""
        case "metadata.uid": return metadata?.uid ?? ""
        case "spec.nodeName": return pod.spec?.nodeName ?? ""
        case "spec.serviceAccountName": return pod.spec?.serviceAccountName ?? ""
        case "status.podIP", "status.podIPs": return podIP
        case "status.hostIP", "status.hostIPs": return hostIP
        default:
            for (prefix, map) in [("metadata.labels", metadata?.labels), ("metadata.annotations", metadata?.annotations)] {
                guard path.hasPrefix(prefix + "['"), path.hasSuffix("']") else { continue }
                let key = String(path.dropFirst(prefix.count + 2).dropLast(2))
                return map?[key] ?? ""
            }
            throw Failure(reason: "CreateContainerConfigError", message: "unsupported fieldRef fieldPath \(path)")
        }
    }

    /// The value of a `resourceFieldRef` (limits fall back to node allocatable), divided by the
    /// divisor and rounded up, as the kubelet does.
    public func resourceValue(_ selector: CoreV1.ResourceFieldSelector, container: CoreV1.Container,
                              pod: CoreV1.Pod) throws(Failure) -> String {
        var target = container
        if let name = selector.containerName, !name.isEmpty {
            guard let named = ((pod.spec?.containers ?? []) + (pod.spec?.initContainers ?? [])).first(where: { $0.name == name }) else {
                throw Failure(reason: "CreateContainerConfigError", message: "resourceFieldRef: no container \(name)")
            }
            target = named
        }
        let resource = selector.resource ?? ""
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["limits", "requests"].contains(parts[0]) else {
            throw Failure(reason: "CreateContainerConfigError", message: "unsupported resourceFieldRef resource \(resource)")
        }
        let table = parts[0] == "limits" ? target.resources?.limits : target.resources?.requests
        var quantity = table?[parts[1]]
        if quantity == nil, parts[0] == "limits" {
            switch parts[1] {
            case "cpu": quantity = Quantity(nodeCPUCores)
            case "memory": quantity = Quantity(nodeMemoryBytes)
            default: break
            }
        }
        let value = quantity ?? .zero
        let divisor = selector.divisor ?? Quantity(1)
        let divisorMilli = max(divisor.milliValue, 1)
        let milli = value.milliValue
        let result = (milli + divisorMilli - 1) / divisorMilli
        return String(result)
    }
}
