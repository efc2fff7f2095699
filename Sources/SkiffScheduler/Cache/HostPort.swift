import SkiffModel

/// One host port a pod occupies on its node (`hostIP` "" is normalized to 0.0.0.0, protocol to TCP).
public struct HostPort: Sendable, Hashable {
    public var ip: String
    public var `protocol`: String
    public var port: Int32

    public init(ip: String, protocol: String, port: Int32) {
        self.ip = ip.isEmpty ? HostPort.anyIP : ip
        self.protocol = `protocol`.isEmpty ? "TCP" : `protocol`
        self.port = port
    }

    /// The wildcard address: a port on it conflicts with the same port on every address.
    public static let anyIP = "0.0.0.0"

    /// Two host ports conflict when port and protocol match and either address is the wildcard or both are equal.
    public func conflicts(with other: HostPort) -> Bool {
        port == other.port && `protocol` == other.protocol
            && (ip == other.ip || ip == HostPort.anyIP || other.ip == HostPort.anyIP)
    }

    /// The host ports a pod spec asks for (containers and init containers with `hostPort > 0`).
    public static func ports(of spec: CoreV1.PodSpec?) -> [HostPort] {
        guard let spec else { return [] }
        var result: [HostPort] = []
        for container in (spec.containers ?? []) + (spec.initContainers ?? []) {
            for port in container.ports ?? [] {
                guard let hostPort = port.hostPort, hostPort > 0 else { continue }
                result.append(HostPort(ip: port.hostIP ?? "", protocol: port.protocol ?? "", port: hostPort))
            }
        }
        return result
    }
}
