/// A feature of the agent: the commands it answers, the events it watches and the jobs it
/// schedules, declared in one place.
///
/// Conformers must be cheap to create and hold their services (from `Community`) as stored
/// properties; they never open sockets or touch SQL. Command names must be unique across all
/// plugins — the runtime refuses to start otherwise.
public protocol Plugin: Sendable {
    /// A short lower-case id: the config key of the plugin's settings and its log label.
    static var id: String { get }
    /// The chat commands.
    @CommandsBuilder var commands: [Command] { get }
    /// Observers of every chat event (joins, every message…), run after command handling.
    var listeners: [Listener] { get }
    /// Scheduled work.
    var jobs: [Job] { get }
    /// Work that runs for as long as the agent does (started with it, cancelled when it stops).
    func background() async
    /// Saves what the plugin holds in memory; called once when the agent stops, after the last
    /// event was handled and before the database closes.
    func finish() async
    /// The planner the plugin plans one-off job runs with, if it does; the agent connects it to
    /// the scheduler.
    var planner: JobPlanner? { get }
}

extension Plugin {
    public var listeners: [Listener] { [] }
    public var jobs: [Job] { [] }
    public func background() async {}
    public func finish() async {}
    public var planner: JobPlanner? { nil }
}

/// Lets listeners and jobs act on the networks: send text, kick, set modes.
public protocol Outlet: Sendable {
    /// Performs a request on the network named in it (the conversation's, or `network`).
    func perform(_ request: GatewayRequest, on network: String) async
    /// Performs several requests on one network, in order, in one hop.
    func perform(_ requests: [GatewayRequest], on network: String) async
    /// What the network says about the person using `nick` on `network` right now.
    func lookUp(nick: String, on network: String) async -> NickLookup
    /// What the gateway of `network` knows about `channel` now, nil when nothing.
    func channelFacts(_ channel: String, on network: String) async -> ChannelFacts?
}

extension Outlet {
    /// Knows nobody (outlets without a network behind them).
    public func lookUp(nick: String, on network: String) async -> NickLookup { .unknown }

    /// Knows no channels (outlets without a network behind them).
    public func channelFacts(_ channel: String, on network: String) async -> ChannelFacts? { nil }

    /// Performs the requests one by one.
    public func perform(_ requests: [GatewayRequest], on network: String) async {
        for request in requests { await perform(request, on: network) }
    }
}

/// An observer of chat events. Errors it throws are logged and contained.
public struct Listener: Sendable {
    /// A name for logs.
    public var name: String
    /// Called for every event, with the name of the command the event carried (nil when it
    /// carried none the agent knows).
    let handler: @Sendable (ChatEvent, _ command: String?, any Outlet) async throws -> Void

    /// Creates a listener.
    public init(_ name: String, handler: @escaping @Sendable (ChatEvent, any Outlet) async throws -> Void) {
        self.name = name
        self.handler = { event, _, outlet in try await handler(event, outlet) }
    }

    /// Creates a listener that also learns which command a message carried, if any.
    public init(
        _ name: String,
        commands handler: @escaping @Sendable (ChatEvent, _ command: String?, any Outlet) async throws -> Void
    ) {
        self.name = name
        self.handler = handler
    }
}
