/// Where and how the API server listens.
public struct APIServerConfiguration: Sendable {
    /// The address to bind; loopback by default (there is no TLS or authentication yet).
    public var host: String
    /// The port to bind; 0 picks a free one (see ``APIServer/waitUntilServing()``).
    public var port: Int
    /// Larger request bodies are refused with 413 (Kubernetes' limit is 3 MiB).
    public var maximumRequestBodyBytes: Int
    /// How often watches that allow bookmarks get a BOOKMARK with the revision they have reached
    /// (Kubernetes sends them about once a minute).
    public var watchBookmarkInterval: Duration
    /// How long a user's write may wait for the in-process components' writes (``ComponentFirstGate``); nil
    /// lets user writes through at once.
    public var componentFirstMaximumWait: Duration?

    public init(host: String = "127.0.0.1", port: Int = 6443, maximumRequestBodyBytes: Int = 3 * 1024 * 1024,
                watchBookmarkInterval: Duration = .seconds(60), componentFirstMaximumWait: Duration? = .milliseconds(100)) {
        self.host = host
        self.port = port
        self.maximumRequestBodyBytes = maximumRequestBodyBytes
        self.watchBookmarkInterval = watchBookmarkInterval
        self.componentFirstMaximumWait = componentFirstMaximumWait
    }
}
