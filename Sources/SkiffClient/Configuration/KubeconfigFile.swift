import Foundation
import Yams

/// The parts of a kubeconfig file the client uses: the current context's cluster server URL and
/// its user's bearer token (inline `token` or `tokenFile`). Pure parsing; no file access except
/// `load(path:)`.
public struct KubeconfigFile: Sendable, Hashable {
    public var serverURL: String
    public var token: String?
    public var tokenFile: String?

    public init(serverURL: String, token: String? = nil, tokenFile: String? = nil) {
        self.serverURL = serverURL
        self.token = token
        self.tokenFile = tokenFile
    }

    /// Parses kubeconfig YAML; `context` overrides `current-context`.
    public init(yaml: String, context: String? = nil) throws(KubernetesClientError) {
        let root: [String: Any]
        do {
            guard let parsed = try Yams.load(yaml: yaml) as? [String: Any] else {
                throw KubernetesClientError.configuration("kubeconfig is not a YAML mapping")
            }
            root = parsed
        } catch let error as KubernetesClientError {
            throw error
        } catch {
            throw KubernetesClientError.configuration("kubeconfig is not valid YAML: \(error)")
        }
        func named(_ list: String, _ name: String) -> [String: Any]? {
            let entries = root[list] as? [[String: Any]] ?? []
            return entries.first { $0["name"] as? String == name }
        }
        let contextName = context ?? (root["current-context"] as? String) ?? ""
        let contextEntry = named("contexts", contextName)?["context"] as? [String: Any]
        let clusterName = contextEntry?["cluster"] as? String
            ?? ((root["clusters"] as? [[String: Any]])?.first?["name"] as? String) ?? ""
        let userName = contextEntry?["user"] as? String
            ?? ((root["users"] as? [[String: Any]])?.first?["name"] as? String) ?? ""
        guard let cluster = named("clusters", clusterName)?["cluster"] as? [String: Any],
              let server = cluster["server"] as? String, !server.isEmpty
        else {
            throw KubernetesClientError.configuration("kubeconfig has no server for context \"\(contextName)\"")
        }
        let user = named("users", userName)?["user"] as? [String: Any]
        self.init(serverURL: server, token: user?["token"] as? String, tokenFile: user?["tokenFile"] as? String)
    }

    /// Reads and parses the kubeconfig at `path`.
    public static func load(path: String, context: String? = nil) throws(KubernetesClientError) -> KubeconfigFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubernetesClientError.configuration("cannot read kubeconfig \(path): \(error)")
        }
        return try KubeconfigFile(yaml: text, context: context)
    }
}
