/// The kubeconfig `skiff server` writes (pure rendering): one cluster, one user with a bearer
/// token, one context, all named `skiff`, so `KUBECONFIG=DIR/kubeconfig.yaml kubectl ...` works.
public enum Kubeconfig {
    /// The YAML text for a server at `serverURL` (e.g. `http://127.0.0.1:6443`).
    public static func render(serverURL: String, token: String) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: skiff
          cluster:
            server: \(quoted(serverURL))
        users:
        - name: skiff-admin
          user:
            token: \(quoted(token))
        contexts:
        - name: skiff
          context:
            cluster: skiff
            user: skiff-admin
        current-context: skiff
        preferences: {}

        """
    }

    /// A double-quoted YAML scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
