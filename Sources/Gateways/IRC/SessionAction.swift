public import AgentCore
public import IRC

/// What the session asks its gateway to do after reading a line.
public enum SessionAction: Sendable, Hashable {
    /// Queue a line.
    case send(Message, Outbox.Priority, Outbox.Kind)
    /// Report an event to the runtime.
    case emit(ChatEvent)
    /// Registration is complete: normal lines may flow.
    case registered
    /// Give up on this connection (it will be retried with backoff).
    case disconnect(reason: String)
    /// Join `channel` again after `delay` seconds (after a KICK).
    case rejoinLater(channel: String, delay: Double)
    /// A PONG for one of our own PINGs arrived with this token.
    case pongReceived(token: String)
    /// Our own `nick!user@host` became known (for exact line budgets).
    case ownPrefixKnown(nick: String, user: String, host: String)
    /// Something the operator should read in the log (negotiation trouble).
    case log(LogLevel, String)
    /// Answer a CTCP TIME request from `nick` with the current time (the session has no clock).
    case answerTime(to: String)
}
