public import Foundation
public import Storage
import Synchronization

/// The running agent: gateways feeding the router, and the scheduler, until shut down.
///
/// Events are handled concurrently across people and in order for each person (an
/// `EventDispatcher`), with a bound on the events waiting, so a slow command never delays
/// anyone else's nor the gateway's own protocol work (PING replies, reconnects).
///
/// `shutdown` stops in order, each step with its share of the deadline: no new events →
/// commands in flight finish → gateways send what their budget allows, QUIT and close →
/// the scheduler stops → the database is checkpointed and closed.
public final class Agent: Sendable {
    /// Recognises and runs commands.
    public let router: Router
    /// Runs scheduled jobs.
    public let scheduler: Scheduler
    /// Sends to the networks.
    public let outlet: GatewayOutlet
    /// Hands events to the router.
    public let dispatcher: EventDispatcher
    /// The runtime's counters (commands, events, scheduled jobs) for `/metrics`.
    public let metrics: Metrics
    /// The gateways, for health and metrics.
    public let gateways: [any Gateway]
    private let database: Database
    private let plugins: [any Plugin]
    private let log: Logger
    private let finished = Alarm()
    private let state = Mutex(State())

    private struct State {
        var stopping = false
        var report: ShutdownReport?
        var schedulerTask: Task<Void, Never>?
        var backgroundTasks: [Task<Void, Never>] = []
        var firstStopSteps: [@Sendable () async -> Void] = []
    }

    /// Adds a step that runs first when the agent stops (e.g. closing the HTTP listener, so no
    /// request reaches a closing database).
    public func onStop(_ step: @escaping @Sendable () async -> Void) {
        state.withLock { $0.firstStopSteps.append(step) }
    }

    /// What a shutdown managed to do in time.
    public struct ShutdownReport: Sendable, Hashable, CustomStringConvertible {
        /// Commands still running when their share of the deadline ran out.
        public var unfinishedCommands = 0
        /// Events that arrived after the stop began and were not handled.
        public var refusedEvents = 0
        /// Whether the database was checkpointed and closed.
        public var databaseClosed = false
        /// Whether every step ended within the deadline.
        public var inTime = true

        /// Everything finished in time and the database is closed.
        public var isClean: Bool { unfinishedCommands == 0 && databaseClosed && inTime }

        public var description: String {
            "unfinished commands: \(unfinishedCommands), events refused: \(refusedEvents), "
                + "database closed: \(databaseClosed), in time: \(inTime)"
        }
    }

    /// Wires plugins, gateways and services together; throws for duplicate command names.
    public init(
        gateways: [any Gateway], plugins: [any Plugin], settings: RouterSettings, roles: RoleBook, info: AgentInfo?,
        database: Database, clock: any AgentClock, calendar: Calendar, log: Logger, eventCapacity: Int = 10_000
    ) async throws {
        let outlet = GatewayOutlet(log: log.child("outlet"))
        for gateway in gateways { outlet.add(gateway) }
        let registry = try CommandRegistry(plugins.flatMap(\.commands))
        self.outlet = outlet
        let metrics = Metrics()
        self.metrics = metrics
        self.gateways = gateways
        let router = Router(
            registry: registry, roles: roles, listeners: plugins.flatMap(\.listeners), settings: settings,
            outlet: outlet, clock: clock, log: log.child("router"), metrics: metrics)
        self.router = router
        info?.setCommands(from: router)
        self.dispatcher = EventDispatcher(capacity: eventCapacity) { event in await router.process(event) }
        self.scheduler = try await Scheduler(
            database: database, clock: clock, calendar: calendar, outlet: outlet,
            log: log.child("scheduler"), metrics: metrics,
            prefix: { network in router.settings.prefix(in: .privateChat(with: "", on: network)) })
        try await scheduler.register(plugins.flatMap(\.jobs))
        for plugin in plugins { plugin.planner?.attach(scheduler) }
        self.database = database
        self.plugins = plugins
        self.log = log
    }

    /// Runs until `shutdown` has finished; returns its report.
    public func run() async -> ShutdownReport {
        let gateways = outlet.all
        let router = self.router
        let dispatcher = self.dispatcher
        let scheduler = self.scheduler
        let started = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.schedulerTask = Task { await scheduler.run() }
            state.backgroundTasks = plugins.map { plugin in Task { await plugin.background() } }
            return true
        }
        if started {
            await withTaskGroup(of: Void.self) { group in
                for gateway in gateways {
                    let oneByOne = gateway.handlesEventsOneByOne
                    let executor = gateway.taskExecutor
                    group.addTask(executorPreference: executor) {
                        await gateway.run { event in
                            router.observe(event)
                            await dispatcher.submit(event, preferring: executor)
                            if oneByOne { await dispatcher.waitUntilIdle() }
                        }
                    }
                }
                await group.waitForAll()
            }
            // Every gateway ended on its own (the console reached the end of its input): stop.
            if !gateways.isEmpty, !state.withLock({ $0.stopping }) {
                log.info("every gateway has stopped; shutting down")
                await shutdown(message: "Community Agent shutting down")
            }
            await finished.wait()
        } else {
            await finished.wait()
        }
        let report = state.withLock { $0.report } ?? ShutdownReport()
        log.info("agent stopped", metadata: ["report": "\(report)"])
        return report
    }

    /// Stops everything in order within `seconds` (see the type's documentation) and makes
    /// `run` return. A second call waits for the first.
    @discardableResult
    public func shutdown(message: String, within seconds: Double = 20) async -> ShutdownReport {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else {
            await finished.wait()
            return state.withLock { $0.report } ?? ShutdownReport()
        }
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        func share(_ fraction: Double) -> ContinuousClock.Instant {
            min(deadline, .now + .milliseconds(Int(seconds * fraction * 1000)))
        }
        var report = ShutdownReport()
        for step in state.withLock({ $0.firstStopSteps }) { await step() }

        log.info("stopping: finishing the commands in progress", metadata: ["deadline_s": "\(seconds)"])
        dispatcher.close()
        report.unfinishedCommands = await dispatcher.drain(until: share(0.35))
        if report.unfinishedCommands > 0 {
            log.warning("commands still running at the deadline", metadata: ["count": "\(report.unfinishedCommands)"])
        }

        log.info("stopping: sending queued replies and saying goodbye")
        let gatewayShare = max(0.5, seconds * 0.45)
        await withTaskGroup(of: Void.self) { group in
            for gateway in outlet.all {
                group.addTask { await gateway.shutdown(message: message, within: gatewayShare) }
            }
        }

        log.info("stopping: saving what plugins hold in memory")
        let backgroundTasks = state.withLock { $0.backgroundTasks }
        for task in backgroundTasks { task.cancel() }
        for task in backgroundTasks { await task.value }
        for plugin in plugins { await plugin.finish() }

        log.info("stopping: scheduler")
        let schedulerTask = state.withLock { $0.schedulerTask }
        schedulerTask?.cancel()
        await schedulerTask?.value

        log.info("stopping: closing the database")
        do {
            try await database.close()
            report.databaseClosed = true
        } catch {
            log.error("the database did not close cleanly", metadata: ["error": "\(error)"])
        }
        report.refusedEvents = dispatcher.refused
        report.inTime = ContinuousClock.now <= deadline
        state.withLock { $0.report = report }
        finished.ring()
        return report
    }
}
