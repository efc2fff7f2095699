/// SkiffClient: the Kubernetes API client Skiff's components use (docs/client.md).
public enum SkiffClientModule {}
