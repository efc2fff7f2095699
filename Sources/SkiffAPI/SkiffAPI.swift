/// SkiffAPI: the Kubernetes API machinery shared by the API server and clients (see docs/api-machinery.md).
public enum SkiffAPI {}
