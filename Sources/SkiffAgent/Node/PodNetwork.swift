/// The node's pod network (pure): picking the node's /24 of the pod range, and pod IPs inside it.
public enum PodNetwork {
    /// The lowest `A.B.N.0/24` of `network` (a /16) not in `used`; nil when all are taken.
    public static func chooseNodeCIDR(network: String, used: Set<String>) -> String? {
        guard let prefix = networkPrefix(network) else { return nil }
        for third in 0...255 {
            let candidate = "\(prefix).\(third).0/24"
            if !used.contains(candidate) { return candidate }
        }
        return nil
    }

    /// `127.42.0.0/16` → `127.42`.
    static func networkPrefix(_ network: String) -> String? {
        let address = network.split(separator: "/").first.map(String.init) ?? network
        let octets = address.split(separator: ".")
        guard octets.count == 4 else { return nil }
        return "\(octets[0]).\(octets[1])"
    }

    /// `127.42.3.0/24` → `127.42.3`.
    public static func subnetPrefix(_ cidr: String) -> String? {
        let address = cidr.split(separator: "/").first.map(String.init) ?? cidr
        let octets = address.split(separator: ".")
        guard octets.count == 4 else { return nil }
        return "\(octets[0]).\(octets[1]).\(octets[2])"
    }
}

/// Hands out pod IPs `.2 … .254` of the node's /24, lowest free first; an address is free again
/// once released.
public struct PodIPAllocator: Sendable, Hashable {
    public let subnetPrefix: String
    private var assigned: [String: String] = [:]   // pod uid → ip

    public init(nodeCIDR: String) {
        subnetPrefix = PodNetwork.subnetPrefix(nodeCIDR) ?? "127.42.0"
    }

    /// The pod's address (the same one on every call until released); nil when the /24 is full.
    public mutating func allocate(podUID: String, preferred: String? = nil) -> String? {
        if let existing = assigned[podUID] { return existing }
        let inUse = Set(assigned.values)
        if let preferred, preferred.hasPrefix(subnetPrefix + "."), !inUse.contains(preferred) {
            assigned[podUID] = preferred
            return preferred
        }
        for host in 2...254 {
            let candidate = "\(subnetPrefix).\(host)"
            if !inUse.contains(candidate) {
                assigned[podUID] = candidate
                return candidate
            }
        }
        return nil
    }

    public mutating func release(podUID: String) {
        assigned[podUID] = nil
    }

    public func address(of podUID: String) -> String? { assigned[podUID] }
}
