import Foundation

/// Where the API server is and how to authenticate: a base URL (`http://127.0.0.1:6443`) and an
/// optional bearer token. Built directly or from a kubeconfig file (what `skiff server` writes to
/// `DATA/kubeconfig.yaml`).
public struct ClientConfiguration: Sendable, Hashable {
    /// Base URL without a trailing slash.
    public var serverURL: String
    public var bearerToken: String?
    /// Timeout for one non-watch request (connect to last byte).
    public var requestTimeout: Duration
    /// Connections kept per host in the keep-alive pool.
    public var maximumConnectionsPerHost: Int
    public var userAgent: String

    public init(serverURL: String, bearerToken: String? = nil, requestTimeout: Duration = .seconds(30),
                maximumConnectionsPerHost: Int = 8, userAgent: String = "skiff-client/0.1") {
        var url = serverURL
        while url.hasSuffix("/") { url.removeLast() }
        self.serverURL = url
        self.bearerToken = bearerToken
        self.requestTimeout = requestTimeout
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
        self.userAgent = userAgent
    }

    /// The configuration a kubeconfig file describes (its `tokenFile` is read now).
    public init(kubeconfigPath: String, context: String? = nil) throws(KubernetesClientError) {
        let file = try KubeconfigFile.load(path: kubeconfigPath, context: context)
        var token = file.token
        if token == nil, let tokenFile = file.tokenFile {
            do {
                token = try String(contentsOfFile: tokenFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw KubernetesClientError.configuration("cannot read tokenFile \(tokenFile): \(error)")
            }
        }
        self.init(serverURL: file.serverURL, bearerToken: token)
    }
}
