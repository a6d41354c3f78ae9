import AgentCore
import Gateways

/// Builds the gateway a network configuration asks for.
enum GatewayFactory {
    static func make(_ network: NetworkConfiguration, log: Logger, memory: NetworkMemory?) -> any Gateway {
        switch network.kind {
        case .console:
            return ConsoleGateway(network: network.name)
        case .irc:
            return IRCGateway(configuration: network, log: log.child("irc.\(network.name)"), memory: memory)
        }
    }
}
