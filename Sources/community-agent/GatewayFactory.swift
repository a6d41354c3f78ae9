import AgentCore
import Gateways

/// Builds the gateway a network configuration asks for.
enum GatewayFactory {
    /// `language` is the one the network's own lines use (the console's prompts).
    static func make(
        _ network: NetworkConfiguration, log: Logger, memory: NetworkMemory?, language: Language = .en
    ) -> any Gateway {
        switch network.kind {
        case .console:
            return ConsoleGateway(network: network.name, language: language)
        case .irc:
            return IRCGateway(configuration: network, log: log.child("irc.\(network.name)"), memory: memory)
        }
    }
}
