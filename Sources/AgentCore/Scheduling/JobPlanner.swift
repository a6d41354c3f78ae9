public import Foundation
import Synchronization

/// Lets a plugin plan one-off runs of its own job kinds from commands and jobs (an event's
/// reminders, say). The plugin holds one and returns it from `Plugin.planner`; the agent
/// connects it to the scheduler before anything runs.
public final class JobPlanner: Sendable {
    /// The scheduler, not kept alive by the planner: the scheduler keeps the plugin's jobs, and
    /// they the plugin, which keeps this planner.
    private struct Connection: Sendable {
        weak var scheduler: Scheduler?
    }

    private let connection = Mutex(Connection())

    /// A planner not yet connected.
    public init() {}

    /// Connects the planner to the agent's scheduler (the agent and the test kit do this); plans
    /// fail with `NotRunning` once that scheduler is gone.
    public func attach(_ scheduler: Scheduler) {
        connection.withLock { $0.scheduler = scheduler }
    }

    private var scheduler: Scheduler? { connection.withLock { $0.scheduler } }

    /// Why a plan could not be made.
    public struct NotRunning: Error, CustomStringConvertible {
        public var description: String { "the scheduler is not running" }
    }

    /// Stores a run of the one-off job kind `kind` at `date`; planning the same `key` again
    /// changes nothing. Returns the run's id (`kind:key`).
    @discardableResult
    public func scheduleOnce(_ kind: String, at date: Date, payload: String = "", key: String) async throws -> String {
        guard let scheduler else { throw NotRunning() }
        return try await scheduler.scheduleOnce(kind, at: date, payload: payload, key: key)
    }

    /// Cancels the planned run `kind:key` if it has not happened; returns whether there was one.
    @discardableResult
    public func cancel(_ kind: String, key: String) async throws -> Bool {
        guard let scheduler else { throw NotRunning() }
        return try await scheduler.cancel("\(kind):\(key)")
    }
}
