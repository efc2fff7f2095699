import SkiffModel

/// The few fields the benchmark reads from a pod watch event line (parsed with SkiffModel's `JSONParser`, no
/// typed decoding, so the bench client spends as little CPU as it can).
struct WatchLine {
    var name: String
    var isBound: Bool
    var isRunning: Bool
    var isReady: Bool

    init?(_ line: [UInt8]) {
        guard case .object(let event)? = try? JSONParser.parse(line), case .object(let pod)? = event["object"],
              case .object(let metadata)? = pod["metadata"], case .string(let name)? = metadata["name"] else { return nil }
        self.name = name
        if case .object(let spec)? = pod["spec"], case .string(let node)? = spec["nodeName"], !node.isEmpty {
            isBound = true
        } else {
            isBound = false
        }
        if case .object(let status)? = pod["status"], case .string("Running")? = status["phase"] {
            isRunning = true
        } else {
            isRunning = false
        }
        isReady = Self.isReady(.object(pod))
    }

    /// Whether an object's `status.conditions` has Ready = True (pods and nodes alike).
    static func isReady(_ object: JSONValue) -> Bool {
        guard case .object(let fields) = object, case .object(let status)? = fields["status"],
              case .array(let conditions)? = status["conditions"] else { return false }
        return conditions.contains { condition in
            guard case .object(let members) = condition else { return false }
            return members["type"] == .string("Ready") && members["status"] == .string("True")
        }
    }
}
