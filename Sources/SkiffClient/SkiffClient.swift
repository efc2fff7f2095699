/// SkiffClient: the Kubernetes API client Skiff's components and operator authors use
/// (docs/client.md): typed and dynamic REST calls (`KubernetesClient`), watches, informers with a
/// local cache (`Informer`), a work queue with client-go semantics (`WorkQueue`) and Lease-based
/// leader election (`LeaderElector`).
public enum SkiffClientModule {}
