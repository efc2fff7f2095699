import SkiffAPI

/// What one spread counter counts: pods of `namespace` (not terminating) selected by `selector`,
/// per value of `topologyKey` on the node they are bound or assumed to.
struct SpreadCounterKey: Hashable, Sendable {
    var namespace: String
    var selector: LabelSelector
    var topologyKey: String
}

/// Matching pods per topology domain for one ``SpreadCounterKey``.
struct SpreadCounter: Sendable {
    /// Domain value → matching pods on the known nodes with that value. Domains at 0 are dropped,
    /// so `count` is the number of domains holding at least one matching pod.
    var podsPerDomain: [String: Int64] = [:]
    /// When the counter was last asked for (least recently used counters are evicted first).
    var lastUsed: UInt64 = 0
}

/// How many known nodes carry each value of one topology key.
struct TopologyKeyCensus: Sendable {
    /// Domain value → nodes with it (entries at 0 dropped: `count` is the number of domains).
    var nodesPerDomain: [String: Int] = [:]
    /// Nodes that carry the key at all.
    var nodesWithKey = 0
}

/// Topology spread counts kept incrementally by ``SchedulerCache`` (kube-scheduler recomputes
/// them in every PreFilter by visiting every node and pod; Skiff keeps them as pods and nodes come
/// and go, so a spread PreFilter costs O(domains), not O(nodes + pods)).
///
/// Counters are created on demand (``SchedulerCache/prepareIndexes(for:)``, before a pod with
/// label-selected spread constraints is scheduled) and at most ``maximumCounters`` are kept, the
/// least recently used dropped first. Invariant: every counter equals a recount over the cache's
/// known nodes and their pods; pods waiting for an unknown node are not counted.
struct SpreadCountIndex: Sendable {
    static let maximumCounters = 64

    /// Arrays, not dictionaries, so updates mutate in place while walking them (a handful of entries).
    private var counters: [(key: SpreadCounterKey, counter: SpreadCounter)] = []
    /// A census for every topology key some counter uses.
    private var censuses: [(topologyKey: String, census: TopologyKeyCensus)] = []
    private var useClock: UInt64 = 0

    var isEmpty: Bool { counters.isEmpty }
    var counterCount: Int { counters.count }

    /// Creates the counter (counting the given nodes) or marks it used.
    mutating func register(_ key: SpreadCounterKey, nodes: [NodeInfo]) {
        useClock += 1
        if let index = counters.firstIndex(where: { $0.key == key }) {
            counters[index].counter.lastUsed = useClock
            return
        }
        if counters.count >= Self.maximumCounters,
           let oldest = counters.indices.min(by: { counters[$0].counter.lastUsed < counters[$1].counter.lastUsed }) {
            let removed = counters.remove(at: oldest).key
            if !counters.contains(where: { $0.key.topologyKey == removed.topologyKey }) {
                censuses.removeAll { $0.topologyKey == removed.topologyKey }
            }
        }
        if !censuses.contains(where: { $0.topologyKey == key.topologyKey }) {
            var census = TopologyKeyCensus()
            for node in nodes {
                if let value = node.topologyValue(key.topologyKey) {
                    census.nodesPerDomain[value, default: 0] += 1
                    census.nodesWithKey += 1
                }
            }
            censuses.append((key.topologyKey, census))
        }
        var counter = SpreadCounter(lastUsed: useClock)
        for node in nodes {
            guard let value = node.topologyValue(key.topologyKey) else { continue }
            var matching: Int64 = 0
            for pod in node.pods where Self.counts(pod, for: key) { matching += 1 }
            if matching > 0 { counter.podsPerDomain[value, default: 0] += matching }
        }
        counters.append((key, counter))
    }

    func counter(_ key: SpreadCounterKey) -> SpreadCounter? {
        counters.first { $0.key == key }?.counter
    }

    func census(_ topologyKey: String) -> TopologyKeyCensus? {
        censuses.first { $0.topologyKey == topologyKey }?.census
    }

    /// A pod placed on (`delta` 1) or taken off (`delta` -1) a known node.
    mutating func podMoved(_ pod: PodInfo, on node: NodeInfo, delta: Int64) {
        guard !counters.isEmpty, !pod.isTerminating else { return }
        for index in counters.indices where Self.counts(pod, for: counters[index].key) {
            guard let value = node.topologyValue(counters[index].key.topologyKey) else { continue }
            Self.add(delta, to: &counters[index].counter.podsPerDomain, at: value)
        }
    }

    /// A node (with its pods) joining (`delta` 1) or leaving (`delta` -1) the known nodes.
    mutating func nodeMoved(_ node: NodeInfo, delta: Int) {
        guard !counters.isEmpty else { return }
        for index in censuses.indices {
            guard let value = node.topologyValue(censuses[index].topologyKey) else { continue }
            censuses[index].census.nodesWithKey += delta
            let left = (censuses[index].census.nodesPerDomain[value] ?? 0) + delta
            censuses[index].census.nodesPerDomain[value] = left > 0 ? left : nil
        }
        guard !node.pods.isEmpty else { return }
        for index in counters.indices {
            guard let value = node.topologyValue(counters[index].key.topologyKey) else { continue }
            var matching: Int64 = 0
            for pod in node.pods where Self.counts(pod, for: counters[index].key) { matching += 1 }
            if matching > 0 { Self.add(Int64(delta) * matching, to: &counters[index].counter.podsPerDomain, at: value) }
        }
    }

    private static func counts(_ pod: PodInfo, for key: SpreadCounterKey) -> Bool {
        !pod.isTerminating && pod.namespace == key.namespace && key.selector.matches(pod.labels)
    }

    private static func add(_ delta: Int64, to counts: inout [String: Int64], at value: String) {
        let updated = (counts[value] ?? 0) + delta
        counts[value] = updated > 0 ? updated : nil
    }
}
