/// The executor the current event's lane prefers (its network's loop), for the tasks a command
/// starts on its behalf: an unstructured `Task {}` does not inherit a task's executor
/// preference, so work that must stay on the network's thread asks for it from here.
public enum LaneExecutor {
    /// The preferred executor of the event being handled; nil on Swift's shared pool.
    @TaskLocal public static var current: (any TaskExecutor)?
}
