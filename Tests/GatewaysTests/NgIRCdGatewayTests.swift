import AgentCore
import AgentTesting
import Foundation
import Gateways
import Testing

/// The basic path against ngIRCd, an older-style server without SASL or message tags.
@Suite("IRC gateway on ngIRCd")
struct NgIRCdGatewayTests {
    @Test func connectJoinAndReply() async throws {
        guard try Peers.available("ngircd") else { return }
        try await NgIRCdServer.with { server in
            // NICKLEN is 9 here: the configured nick must fit.
            let probe = GatewayProbe(networkConfiguration(port: server.port, nick: "cagent", channels: ["#harness"]))
            try await probe.waitFor { $0.isJoin(of: "cagent", to: "#harness") }
            let member = try await TestIRCClient.connect(port: server.port, nick: "member")
            try await member.join("#harness")
            member.say("#harness", "!ping")
            let event = try await probe.waitFor { $0.isMessage("!ping") }
            if case .message(let speaker, _, _, let time) = event {
                #expect(speaker.nick == "member")
                #expect(speaker.account == nil)
                #expect(time == nil)
            }
            await probe.gateway.perform(.say(.channel("#harness", on: "local"), "pong"))
            #expect(try await member.reply(from: "cagent", in: "#harness") == "pong")
            let long = String(repeating: "课程 ", count: 300)
            await probe.gateway.perform(.say(.channel("#harness", on: "local"), long))
            var pieces: [String] = []
            while pieces.joined(separator: " ").count < long.trimmingCharacters(in: .whitespaces).count {
                pieces.append(try await member.reply(from: "cagent", in: "#harness"))
            }
            #expect(pieces.joined(separator: " ") == long.trimmingCharacters(in: .whitespaces))
            member.close()
            await probe.stop()
        }
    }

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
