/// A ConfigMap as a plain Codable struct (what a hand-written Hummingbird service would decode):
/// the bare route's unit of work.
struct ConfigMapShape: Codable, Sendable {
    struct Metadata: Codable, Sendable {
        var name: String?
        var generateName: String?
        var namespace: String?
        var uid: String?
        var resourceVersion: String?
        var creationTimestamp: String?
        var labels: [String: String]?
        var annotations: [String: String]?
    }

    var apiVersion: String?
    var kind: String?
    var metadata: Metadata?
    var data: [String: String]?
    var binaryData: [String: String]?
    var immutable: Bool?
}
