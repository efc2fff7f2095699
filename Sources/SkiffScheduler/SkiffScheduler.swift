/// SkiffScheduler: assigns pods to nodes (docs/scheduler.md).
public enum SkiffSchedulerModule {}
