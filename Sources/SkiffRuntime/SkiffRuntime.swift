/// SkiffRuntime: container runtimes behind one protocol (docs/runtime.md).
public enum SkiffRuntimeModule {}
