public import Foundation
public import Storage

/// The running agent: gateways feeding the router, and the scheduler, until shut down.
///
/// Each gateway's events go through their own queue, handled in order per network, so a
/// slow command never delays the gateway's own protocol work (PING replies, reconnects).
public final class Agent: Sendable {
    /// Recognises and runs commands.
    public let router: Router
    /// Runs scheduled jobs.
    public let scheduler: Scheduler
    /// Sends to the networks.
    public let outlet: GatewayOutlet
    private let log: Logger

    /// Wires plugins, gateways and services together; throws for duplicate command names.
    public init(
        gateways: [any Gateway], plugins: [any Plugin], settings: RouterSettings, roles: RoleBook, info: AgentInfo?,
        database: Database, clock: any AgentClock, calendar: Calendar, log: Logger
    ) async throws {
        let outlet = GatewayOutlet(log: log.child("outlet"))
        for gateway in gateways { outlet.add(gateway) }
        let registry = try CommandRegistry(plugins.flatMap(\.commands))
        info?.setCommands(registry)
        self.outlet = outlet
        self.router = Router(
            registry: registry, roles: roles, listeners: plugins.flatMap(\.listeners), settings: settings,
            outlet: outlet, clock: clock, log: log.child("router"))
        self.scheduler = try await Scheduler(
            database: database, clock: clock, calendar: calendar, outlet: outlet,
            log: log.child("scheduler"))
        try await scheduler.register(plugins.flatMap(\.jobs))
        self.log = log
    }

    /// Runs until every gateway has stopped (after `shutdown`) or the task is cancelled.
    public func run() async {
        let gateways = outlet.all
        let router = self.router
        let scheduler = self.scheduler
        enum Finished { case gateway, consumer, scheduler }
        await withTaskGroup(of: Finished.self) { group in
            for gateway in gateways {
                let (events, continuation) = AsyncStream<ChatEvent>.makeStream()
                group.addTask {
                    await gateway.run { event in continuation.yield(event) }
                    continuation.finish()
                    return .gateway
                }
                group.addTask {
                    // Drains what the gateway delivered, even after it stopped.
                    for await event in events { await router.handle(event) }
                    return .consumer
                }
            }
            group.addTask {
                await scheduler.run()
                return .scheduler
            }
            var consumers = gateways.count
            while let finished = await group.next() {
                if finished == .consumer {
                    consumers -= 1
                    if consumers == 0 { group.cancelAll() }
                }
            }
        }
        log.info("agent stopped")
    }

    /// Asks every gateway to say goodbye and stop; `run` returns once they have.
    public func shutdown(message: String) async {
        for gateway in outlet.all { await gateway.shutdown(message: message) }
    }
}
