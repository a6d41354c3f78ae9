import Synchronization

/// Sends requests to the gateway of the network they name.
public final class GatewayOutlet: Outlet {
    private let gateways = Mutex<[String: any Gateway]>([:])
    private let log: Logger

    /// Creates an outlet with no gateways yet.
    public init(log: Logger) {
        self.log = log
    }

    /// Adds or replaces the gateway for its network.
    public func add(_ gateway: any Gateway) {
        gateways.withLock { $0[IdentityKey.network(gateway.network)] = gateway }
    }

    /// Every gateway added.
    public var all: [any Gateway] { gateways.withLock { Array($0.values) } }

    public func perform(_ request: GatewayRequest, on network: String) async {
        await perform([request], on: network)
    }

    public func perform(_ requests: [GatewayRequest], on network: String) async {
        guard let gateway = gateways.withLock({ $0[IdentityKey.network(network)] }) else {
            log.warning(
                "no gateway for network; requests dropped",
                metadata: ["network": network, "count": "\(requests.count)"])
            return
        }
        await gateway.perform(requests)
    }

    public func channelFacts(_ channel: String, on network: String) async -> ChannelFacts? {
        guard let gateway = gateways.withLock({ $0[IdentityKey.network(network)] }) else { return nil }
        return await gateway.channelFacts(channel)
    }

    public func lookUp(nick: String, on network: String) async -> NickLookup {
        guard let gateway = gateways.withLock({ $0[IdentityKey.network(network)] }) else { return .unknown }
        return await gateway.lookUp(nick: nick)
    }
}
