import Synchronization

/// Which networks the agent is connected to right now, learned from `.connected` and
/// `.disconnected` events; lets scheduled posts wait for a network instead of being queued into
/// a connection that is not there.
public final class NetworkPresence: Sendable {
    private let online = Mutex<Set<String>>([])

    /// Knows of no network yet.
    public init() {}

    /// Updates what is known from one event.
    public func observe(_ event: ChatEvent) {
        switch event {
        case .connected(let network, _, _): _ = online.withLock { $0.insert(IdentityKey.network(network)) }
        case .disconnected(let network, _): _ = online.withLock { $0.remove(IdentityKey.network(network)) }
        default: break
        }
    }

    /// Whether the agent is registered on `network` now.
    public func isOnline(_ network: String) -> Bool { online.withLock { $0.contains(IdentityKey.network(network)) } }
}
