import Foundation

/// How a ``NodeAgent`` runs: where the API server is, the node's name and data directory,
/// extended resources it advertises, its HTTP port and pod IP range.
public struct AgentConfiguration: Sendable, Hashable {
    /// API server URL (`http://127.0.0.1:6443`); ignored when `kubeconfigPath` is set.
    public var serverURL: String
    public var token: String?
    /// A kubeconfig file to read the server and token from instead.
    public var kubeconfigPath: String?
    public var nodeName: String
    /// Root of the agent's state (the runtime's sandboxes live in `<dataDir>/runtime`).
    public var dataDirectory: String
    /// Extended resources advertised in capacity/allocatable, e.g. `["nvidia.com/gpu": 2]`.
    public var extendedResources: [String: Int64]
    /// The agent's HTTP port on 127.0.0.1 (0: any free port).
    public var httpPort: Int
    /// The range node /24s are carved from (`127.42.0.0/16`).
    public var podNetwork: String
    /// Lease renewal interval and duration.
    public var leaseRenewInterval: Duration
    public var leaseDurationSeconds: Int32
    /// NodeStatus is written at least this often even when unchanged.
    public var nodeStatusReportInterval: Duration
    /// How long after a container starts its listening sockets are checked for wildcard binds.
    public var wildcardCheckDelay: Duration

    public init(serverURL: String = "http://127.0.0.1:6443", token: String? = nil, kubeconfigPath: String? = nil,
                nodeName: String, dataDirectory: String, extendedResources: [String: Int64] = [:], httpPort: Int = 0,
                podNetwork: String = "127.42.0.0/16", leaseRenewInterval: Duration = .seconds(10),
                leaseDurationSeconds: Int32 = 40, nodeStatusReportInterval: Duration = .seconds(300),
                wildcardCheckDelay: Duration = .seconds(3)) {
        self.serverURL = serverURL
        self.token = token
        self.kubeconfigPath = kubeconfigPath
        self.nodeName = nodeName
        self.dataDirectory = dataDirectory
        self.extendedResources = extendedResources
        self.httpPort = httpPort
        self.podNetwork = podNetwork
        self.leaseRenewInterval = leaseRenewInterval
        self.leaseDurationSeconds = leaseDurationSeconds
        self.nodeStatusReportInterval = nodeStatusReportInterval
        self.wildcardCheckDelay = wildcardCheckDelay
    }

    /// Parses `name=count` pairs (`nvidia.com/gpu=2`).
    public static func parseExtendedResources(_ items: [String]) -> [String: Int64] {
        var result: [String: Int64] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, let count = Int64(parts[1]) { result[parts[0]] = count }
        }
        return result
    }
}
