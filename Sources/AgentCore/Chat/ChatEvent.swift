public import Foundation

/// Something that happened on a chat network, as a gateway reports it to the runtime.
public enum ChatEvent: Sendable, Hashable {
    /// The gateway finished registering (IRC 001 and CAP negotiation) under `nick`; nicks on
    /// this network compare under `folding`. Sent again (same nick) when the network's rules
    /// turn out to differ once it has announced them.
    case connected(network: String, nick: String, folding: NickFolding = .ascii)
    /// The connection was lost or closed; the gateway reconnects on its own.
    case disconnected(network: String, reason: String)
    /// A message in a channel or a private conversation. `time` is the server's time when it sent one.
    case message(from: Speaker, in: Conversation, text: String, time: Date?)
    /// A notice (never answered by commands, by protocol convention).
    case notice(from: Speaker, in: Conversation, text: String)
    /// A CTCP ACTION ("/me waves").
    case action(from: Speaker, in: Conversation, text: String)
    /// Someone (possibly the agent) joined a channel.
    case joined(Speaker, Conversation)
    /// Someone left a channel or quit the network (`conversation` nil for a quit).
    case left(Speaker, Conversation?, reason: String)
    /// `nick` was kicked from a channel by `by`.
    case kicked(nick: String, from: Conversation, by: Speaker, reason: String)
    /// Someone changed nick.
    case renamed(Speaker, to: String)
    /// The network now vouches for a different account for this person (nil: logged out).
    case accountChanged(Speaker, account: String?)

    /// The network the event happened on.
    public var network: String {
        switch self {
        case .connected(let network, _, _), .disconnected(let network, _): network
        case .message(let speaker, _, _, _), .notice(let speaker, _, _), .action(let speaker, _, _): speaker.network
        case .joined(let speaker, _), .left(let speaker, _, _), .renamed(let speaker, _),
            .accountChanged(let speaker, _):
            speaker.network
        case .kicked(_, let conversation, _, _): conversation.network
        }
    }
}

/// Something the runtime asks a gateway to do.
public enum GatewayRequest: Sendable, Hashable {
    /// Send text to a conversation (split into as many lines as the protocol needs).
    case say(Conversation, String)
    /// Send one line of a command's reply to `nick`: shown like `say`, but a gateway that has to
    /// hold back several short replies for one channel may join them into one line, each piece
    /// then addressed `nick: text`.
    case reply(Conversation, String, to: String)
    /// Send a notice.
    case notice(Conversation, String)
    /// Send an action ("/me …").
    case action(Conversation, String)
    /// Change channel modes, e.g. `+b` with a mask.
    case mode(channel: String, modes: String, arguments: [String])
    /// Ban a hostmask from a channel (`MODE #channel +b mask`).
    case ban(channel: String, mask: String)
    /// Remove someone from a channel.
    case kick(channel: String, nick: String, reason: String)
    /// Invite someone to a channel.
    case invite(nick: String, channel: String)
    /// Set a channel's topic.
    case topic(channel: String, text: String)
}

/// Receives a gateway's events; runs on the gateway's own executor, so handing an event over
/// costs no hop.
public typealias ChatEventHandler = nonisolated(nonsending) @Sendable (ChatEvent) async -> Void

/// A connection to one chat network.
///
/// A gateway keeps itself connected: `run` returns only when its task is cancelled or after
/// `shutdown`, reconnecting on its own in between. `perform` may be called at any time; a
/// request made while disconnected is queued or reported as undelivered, never silently lost.
public protocol Gateway: Sendable {
    /// The configured name of the network this gateway serves.
    var network: String { get }
    /// Connects and delivers events to `handler` until cancelled or shut down. The handler runs
    /// on the gateway's own executor (no hop per event).
    func run(_ handler: @escaping ChatEventHandler) async
    /// Sends or queues a request.
    func perform(_ request: GatewayRequest) async
    /// Sends or queues several requests in order, in one hop.
    func perform(_ requests: [GatewayRequest]) async
    /// Sends what is queued as far as the server's budget allows within `seconds`, says goodbye
    /// (IRC QUIT with `message`), reports what could not be sent, and makes `run` return.
    func shutdown(message: String, within seconds: Double) async
    /// What the network says about the person using `nick` right now.
    func lookUp(nick: String) async -> NickLookup
    /// What the gateway knows about `channel` now (nil: not a channel it is in, or a network
    /// without channel modes).
    func channelFacts(_ channel: String) async -> ChannelFacts?
    /// Whether each event is handled completely (replies sent) before the gateway delivers the
    /// next one — for a single local user, whose output must follow the input's order.
    var handlesEventsOneByOne: Bool { get }
    /// How the gateway is doing right now.
    func health() async -> GatewayHealth
    /// Where the network's commands should run (the gateway's own thread, so a command is read,
    /// handled and answered there), or nil for Swift's shared pool.
    var taskExecutor: (any TaskExecutor)? { get }
}

extension Gateway {
    /// Commands run on Swift's shared pool.
    public var taskExecutor: (any TaskExecutor)? { nil }

    /// Knows nobody (gateways that do not track accounts).
    public func lookUp(nick: String) async -> NickLookup { .unknown }

    /// Knows no channel modes (gateways without them).
    public func channelFacts(_ channel: String) async -> ChannelFacts? { nil }

    /// Always connected, nothing counted (gateways without a connection of their own).
    public func health() async -> GatewayHealth {
        GatewayHealth(network: network, kind: "local", connected: true)
    }

    /// Events from many people are handled concurrently (network gateways).
    public var handlesEventsOneByOne: Bool { false }

    /// Performs the requests one by one.
    public func perform(_ requests: [GatewayRequest]) async {
        for request in requests { await perform(request) }
    }
}
