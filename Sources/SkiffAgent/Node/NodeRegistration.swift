import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffModel

/// Registers the agent's Node (create or update), picks its pod CIDR, and keeps the node alive:
/// the Lease `kube-node-lease/<node>` renewed every `leaseRenewInterval`, the NodeStatus written
/// when it changes and at least every `nodeStatusReportInterval`.
struct NodeRegistration: Sendable {
    let client: KubernetesClient
    let configuration: AgentConfiguration
    let logger: Logger
    let now: @Sendable () -> Date
    let builder: NodeStatusBuilder

    /// Registers, retrying every second while the API server cannot be reached or refuses
    /// (e.g. it is still starting in the same process); throws only when cancelled.
    func registerWithRetry() async throws -> String {
        var attempt = 0
        while true {
            do {
                return try await register()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                attempt += 1
                if attempt == 1 || attempt % 30 == 0 { logger.warning("node registration failed (retrying): \(error)") }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Creates or updates the Node; answers its pod CIDR.
    func register() async throws -> String {
        let name = configuration.nodeName
        var node: CoreV1.Node
        do {
            node = try await client.get(CoreV1.Node.self, name: name)
        } catch let error as KubernetesClientError where error.isNotFound {
            node = CoreV1.Node(metadata: MetaV1.ObjectMeta(name: name), spec: CoreV1.NodeSpec())
        }
        var labels = node.metadata?.labels ?? [:]
        for (key, value) in builder.labels { labels[key] = value }
        node.metadata?.labels = labels
        if node.spec?.podCIDR == nil {
            // Racy by design: two agents registering at the same moment may pick the same /24
            // (docs/agent.md). The lowest /24 no other Node claims.
            let nodes = try await client.listAll(CoreV1.Node.self)
            let used = Set(nodes.items.filter { $0.metadata?.name != name }.compactMap { $0.spec?.podCIDR })
            guard let cidr = PodNetwork.chooseNodeCIDR(network: configuration.podNetwork, used: used) else {
                throw KubernetesClientError.configuration("no free /24 left in \(configuration.podNetwork)")
            }
            if node.spec == nil { node.spec = CoreV1.NodeSpec() }
            node.spec?.podCIDR = cidr
            node.spec?.podCIDRs = [cidr]
        }
        let previousStatus = node.status
        let stored: CoreV1.Node
        if node.metadata?.uid == nil {
            stored = try await client.create(node)
        } else {
            stored = try await client.update(node)
        }
        var withStatus = stored
        withStatus.status = builder.status(previous: previousStatus, now: now())
        withStatus.metadata?.resourceVersion = nil
        _ = try await client.updateStatus(withStatus)
        return stored.spec?.podCIDR ?? "127.42.0.0/24"
    }

    /// Renews the Lease and reports NodeStatus every `leaseRenewInterval` until cancelled (the
    /// first renewal is done by the caller, before the agent reports ready).
    func heartbeat() async {
        var lastReport = now()
        var lastStatus: CoreV1.NodeStatus?
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.leaseRenewInterval) } catch { return }
            await renewLease()
            do {
                var node = try await client.get(CoreV1.Node.self, name: configuration.nodeName)
                let status = builder.status(previous: node.status, now: now())
                if NodeStatusBuilder.differsBeyondHeartbeat(status, lastStatus ?? node.status)
                    || now().timeIntervalSince(lastReport) >= Double(configuration.nodeStatusReportInterval.components.seconds) {
                    node.status = status
                    node.metadata?.resourceVersion = nil
                    _ = try await client.updateStatus(node)
                    lastReport = now()
                }
                lastStatus = status
            } catch is CancellationError {
                return
            } catch {
                logger.warning("node status update failed: \(error)")
            }
        }
    }

    func renewLease() async {
        let name = configuration.nodeName
        let renewTime = MicroTime(now())
        do {
            do {
                var lease = try await client.get(CoordinationV1.Lease.self, name: name, namespace: "kube-node-lease")
                if lease.spec == nil { lease.spec = CoordinationV1.LeaseSpec() }
                lease.spec?.holderIdentity = name
                lease.spec?.leaseDurationSeconds = configuration.leaseDurationSeconds
                lease.spec?.renewTime = renewTime
                _ = try await client.update(lease)
            } catch let error as KubernetesClientError where error.isNotFound {
                let node = try? await client.get(CoreV1.Node.self, name: name)
                let owner = node.flatMap { node in node.metadata?.uid.map {
                    MetaV1.OwnerReference(apiVersion: "v1", kind: "Node", name: name, uid: $0)
                } }
                let lease = CoordinationV1.Lease(
                    metadata: MetaV1.ObjectMeta(name: name, namespace: "kube-node-lease", ownerReferences: owner.map { [$0] }),
                    spec: CoordinationV1.LeaseSpec(holderIdentity: name, leaseDurationSeconds: configuration.leaseDurationSeconds,
                                                   renewTime: renewTime))
                _ = try await client.create(lease)
            }
        } catch {
            logger.warning("lease renewal failed: \(error)")
        }
    }
}
