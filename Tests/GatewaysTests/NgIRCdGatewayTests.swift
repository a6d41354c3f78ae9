import AgentCore
import AgentTesting
import Foundation
import Gateways
import Testing

/// The IRC gateway against ngIRCd, which negotiates capabilities but offers no SASL.
@Suite("IRC gateway on ngIRCd")
struct NgIRCdGatewayTests {
    @Test func configuredSASLThatTheServerLacksIsAWarningNotASilentMissingAccount() async throws {
        guard try Peers.available("ngircd") else { return }
        try await NgIRCdServer.with { server in
            var configuration = networkConfiguration(port: server.port, nick: "saslbot")
            configuration.sasl = .init(mechanism: .plain, account: "botacct", password: "botacct-pw")
            let probe = GatewayProbe(configuration)
            try await probe.waitFor { $0.isConnected }
            let warning = probe.logs.entries.first { $0.level == .warning && $0.message.contains("SASL") }
            #expect(
                warning?.message
                    == "SASL PLAIN is configured but the server does not offer SASL; continuing without it (the agent will have no account)"
            )
            #expect(await probe.gateway.snapshot.account == nil)
            await probe.stop()
        }
    }
}
