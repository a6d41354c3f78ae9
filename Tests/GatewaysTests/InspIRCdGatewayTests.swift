import AgentCore
import AgentTesting
import Foundation
import Gateways
import IRC
import Testing

/// The IRC gateway against a real InspIRCd with Atheme services on 127.0.0.1.
@Suite("IRC gateway on InspIRCd", .serialized)
struct InspIRCdGatewayTests {
    @Test func plainConnectJoinAndReplyWithSASL() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            var configuration = networkConfiguration(port: server.port)
            configuration.sasl = .init(mechanism: .plain, account: "botacct", password: "botacct-pw")
            let probe = GatewayProbe(configuration)
            try await probe.waitFor { $0.isJoin(of: "coursebot", to: "#harness") }
            #expect(await probe.gateway.snapshot.account == "botacct")

            let member = try await TestIRCClient.connect(port: server.port, nick: "member1")
            try await member.join("#harness")
            try await probe.waitFor { $0.isJoin(of: "member1", to: "#harness") }
            member.say("#harness", "!ping")
            let event = try await probe.waitFor { $0.isMessage("!ping") }
            if case .message(let speaker, let conversation, _, let time) = event {
                #expect(speaker.nick == "member1")
                #expect(speaker.account == nil)
                #expect(conversation == .channel("#harness", on: "local"))
                #expect(time != nil)
            }
            await probe.gateway.perform(.say(.channel("#harness", on: "local"), "pong"))
            #expect(try await member.reply(from: "coursebot", in: "#harness") == "pong")
            await probe.gateway.perform(.say(.privateChat(with: "member1", on: "local"), "psst"))
            #expect(try await member.reply(from: "coursebot", in: "member1") == "psst")

            // CTCP TIME: the session asks, the gateway answers with its clock.
            member.say("coursebot", "\u{01}TIME\u{01}")
            let time = try await member.waitFor(seconds: 10) { message in
                message.command == .notice && message.parsedSource?.nick == "coursebot"
            }
            #expect(time.parameters.last?.hasPrefix("\u{01}TIME 20") == true)
            member.close()
            await probe.stop()
        }
    }

    @Test func tlsConnectVerifiesTheCertificate() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        var options = InspIRCdServer.Options()
        options.tls = true
        try await InspIRCdServer.with(options) { server in

            var configuration = networkConfiguration(port: server.tlsPort)
            configuration.tls.enabled = true
            configuration.tls.caFile = server.caFile
            configuration.sasl = .init(mechanism: .plain, account: "botacct", password: "botacct-pw")
            let probe = GatewayProbe(configuration)
            try await probe.waitFor { $0.isJoin(of: "coursebot", to: "#harness") }
            #expect(
                probe.logs.entries.contains {
                    $0.message == "connected" && $0.metadata["tls"]?.hasPrefix("TLS") == true
                })
            await probe.stop()

            // Without the CA, the self-signed certificate must be refused.
            var untrusted = configuration
            untrusted.tls.caFile = nil
            untrusted.nick = "untrusted"
            let refused = GatewayProbe(untrusted)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, !refused.logs.entries.contains(where: { $0.message == "connection failed" }) {
                try await Task.sleep(for: .milliseconds(50))
            }
            let failure = refused.logs.entries.first { $0.message == "connection failed" }
            #expect(failure?.metadata["error"]?.contains("certificate verification failed") == true)
            #expect(!refused.recorded.contains { $0.isConnected })
            await refused.stop()
        }
    }

    /// Runs openssl with `arguments`; returns its standard output.
    static func openssl(_ arguments: [String]) async throws -> String {
        try await ProgramRun.run(try #require(Peers.executable("openssl")), arguments).output
    }

    @Test func pinnedFingerprintIsAcceptedAndAnyOtherRefused() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        var options = InspIRCdServer.Options()
        options.tls = true
        options.services = false
        try await InspIRCdServer.with(options) { server in
            let text = try await Self.openssl([
                "x509", "-in", try #require(server.caFile), "-noout", "-fingerprint", "-sha256",
            ])
            let fingerprint = try #require(text.split(separator: "=").last).trimmingCharacters(
                in: .whitespacesAndNewlines)
            var configuration = networkConfiguration(port: server.tlsPort)
            configuration.tls.enabled = true
            configuration.tls.fingerprints = [fingerprint]
            let pinned = GatewayProbe(configuration)
            try await pinned.waitFor { $0.isJoin(of: "coursebot", to: "#harness") }
            await pinned.stop()

            configuration.tls.fingerprints = [String(repeating: "ab", count: 32)]
            configuration.nick = "wrongpin"
            let refused = GatewayProbe(configuration)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, !refused.logs.entries.contains(where: { $0.message == "connection failed" }) {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(
                refused.logs.entries.contains {
                    $0.metadata["error"]?.contains("is not one of the pinned fingerprints") == true
                })
            await refused.stop()
        }
    }

    @Test func saslExternalWithAClientCertificate() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        var options = InspIRCdServer.Options()
        options.tls = true
        try await InspIRCdServer.with(options) { server in
            let key = server.directory.appendingPathComponent("client.key").path
            let certificate = server.directory.appendingPathComponent("client.crt").path
            _ = try await Self.openssl([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=botacct",
                "-keyout", key, "-out", certificate,
            ])
            let clientTLS = TLSOptions(verify: false, clientCertificate: certificate, clientKey: key)
            // Tell NickServ about the certificate while logged in with a password.
            let setup = try await TestIRCClient.connect(
                port: server.tlsPort, nick: "botacct", sasl: ("botacct", "botacct-pw"), tls: clientTLS)
            setup.say("NickServ", "CERT ADD")
            try await setup.waitFor(seconds: 10) {
                $0.command == .notice && ($0.parameters.last ?? "").lowercased().contains("added")
            }
            setup.close()

            var configuration = networkConfiguration(port: server.tlsPort)
            configuration.tls.enabled = true
            configuration.tls.caFile = server.caFile
            configuration.tls.clientCertificate = certificate
            configuration.tls.clientKey = key
            configuration.sasl = .init(mechanism: .external, account: "botacct")
            configuration.requireSASL = true
            let probe = GatewayProbe(configuration)
            try await probe.waitFor { $0.isConnected }
            #expect(await probe.gateway.snapshot.account == "botacct")
            await probe.stop()
        }
    }

    @Test func nickServIdentifyWhereThereIsNoSASL() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            var configuration = networkConfiguration(port: server.port, nick: "botacct")
            configuration.nickServPassword = "botacct-pw"
            let probe = GatewayProbe(configuration)
            try await probe.waitFor { $0.isConnected }
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, await probe.gateway.snapshot.account == nil {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await probe.gateway.snapshot.account == "botacct")
            await probe.stop()
        }
    }

    @Test func wrongSASLPasswordWithRequireSASLNeverRegisters() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            var configuration = networkConfiguration(port: server.port)
            configuration.sasl = .init(mechanism: .plain, account: "botacct", password: "wrong-password")
            configuration.requireSASL = true
            let probe = GatewayProbe(configuration)
            let deadline = Date().addingTimeInterval(8)
            while Date() < deadline,
                !probe.logs.entries.contains(where: { $0.metadata["reason"]?.contains("SASL PLAIN failed") == true })
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(
                probe.logs.entries.contains {
                    $0.message == "giving up on this connection"
                        && $0.metadata["reason"]?.contains("SASL PLAIN failed") == true
                })
            #expect(!probe.recorded.contains { $0.isConnected })
            await probe.stop()

            // Without require_sasl the agent connects unidentified.
            configuration.requireSASL = false
            configuration.nick = "unidentified"
            let lenient = GatewayProbe(configuration)
            try await lenient.waitFor { $0.isConnected }
            #expect(await lenient.gateway.snapshot.account == nil)
            await lenient.stop()
        }
    }

    @Test func accountOfAMemberWhoLogsInAfterJoining() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            let probe = GatewayProbe(networkConfiguration(port: server.port))
            try await probe.waitFor { $0.isJoin(of: "coursebot", to: "#harness") }
            let member = try await TestIRCClient.connect(port: server.port, nick: "latecomer")
            try await member.join("#harness")
            try await probe.waitFor { $0.isJoin(of: "latecomer", to: "#harness") }
            #expect(await probe.gateway.account(of: "latecomer") == nil)
            member.say("NickServ", "IDENTIFY modacct modacct-pw")
            try await probe.waitFor {
                if case .accountChanged(let speaker, let account) = $0 {
                    return speaker.nick == "latecomer" && account == "modacct"
                }
                return false
            }
            #expect(await probe.gateway.account(of: "latecomer") == "modacct")
            member.say("#harness", "!whoami")
            let event = try await probe.waitFor { $0.isMessage("!whoami") }
            if case .message(let speaker, _, _, _) = event { #expect(speaker.account == "modacct") }
            member.close()
            await probe.stop()
        }
    }

    @Test func accountsOfMembersPresentBeforeTheAgentJoinsComeFromWHOX() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            let member = try await TestIRCClient.connect(
                port: server.port, nick: "early", sasl: ("modacct", "modacct-pw"))
            try await member.join("#harness")
            let probe = GatewayProbe(networkConfiguration(port: server.port))
            try await probe.waitFor { $0.isJoin(of: "coursebot", to: "#harness") }
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, await probe.gateway.account(of: "early") == nil {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await probe.gateway.account(of: "early") == "modacct")
            #expect(await probe.gateway.members(of: "#harness").contains("early"))
            member.close()
            await probe.stop()
        }
    }

    @Test func nickCollisionFallsBackToAnAlternative() async throws {
        guard try Peers.available("inspircd") else { return }
        try await InspIRCdServer.with(.withoutServices()) { server in
            let squatter = try await TestIRCClient.connect(port: server.port, nick: "coursebot")
            var configuration = networkConfiguration(port: server.port)
            configuration.alternativeNicks = ["coursebot_"]
            let probe = GatewayProbe(configuration)
            try await probe.waitFor { $0.isJoin(of: "coursebot_", to: "#harness") }
            #expect(await probe.gateway.snapshot.nick == "coursebot_")
            squatter.close()
            // The preferred nick is taken back once it is free.
            try await probe.waitFor {
                if case .renamed(let speaker, let newNick) = $0 {
                    return speaker.nick == "coursebot_" && newNick == "coursebot"
                }
                return false
            }
            await probe.stop()
        }
    }

    @Test func serverRestartMidSessionReconnectsReauthenticatesAndRejoins() async throws {
        guard try Peers.available("inspircd", "atheme-services") else { return }
        try await InspIRCdServer.with { server in
            var configuration = networkConfiguration(port: server.port, channels: ["#harness", "#second"])
            configuration.sasl = .init(mechanism: .plain, account: "botacct", password: "botacct-pw")
            configuration.requireSASL = true
            let probe = GatewayProbe(configuration)
            try await probe.waitFor { $0.isJoin(of: "coursebot", to: "#second") }

            try await server.restart()
            try await probe.waitFor(seconds: 30) { $0.isDisconnected }
            let deadline = Date().addingTimeInterval(40)
            while Date() < deadline, probe.count({ $0.isJoin(of: "coursebot", to: "#second") }) < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
            let connections = probe.count { $0.isConnected }
            let harnessJoins = probe.count { $0.isJoin(of: "coursebot", to: "#harness") }
            let secondJoins = probe.count { $0.isJoin(of: "coursebot", to: "#second") }
            #expect(connections >= 2)
            #expect(harnessJoins >= 2 && secondJoins >= 2)
            let state = await probe.gateway.snapshot
            #expect(state.registered && state.account == "botacct")
            #expect(state.channels == ["#harness", "#second"])
            #expect(await probe.gateway.registrations >= 2)

            // And it still answers.
            let member = try await TestIRCClient.connect(port: server.port, nick: "after")
            try await member.join("#harness")
            await probe.gateway.perform(.say(.channel("#harness", on: "local"), "back"))
            #expect(try await member.reply(from: "coursebot", in: "#harness") == "back")
            member.close()
            await probe.stop()
        }
    }

    @Test func kickedAgentRejoins() async throws {
        guard try Peers.available("inspircd") else { return }
        try await InspIRCdServer.with(.withoutServices()) { server in
            // The first to join a channel is its operator.
            let chanop = try await TestIRCClient.connect(port: server.port, nick: "chanop")
            try await chanop.join("#harness")
            let probe = GatewayProbe(networkConfiguration(port: server.port))
            try await probe.waitFor { $0.isJoin(of: "coursebot", to: "#harness") }
            chanop.send("KICK #harness coursebot :testing rejoin")
            try await probe.waitFor {
                if case .kicked(let nick, _, _, _) = $0 { return nick == "coursebot" } else { return false }
            }
            let started = Date()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, probe.count({ $0.isJoin(of: "coursebot", to: "#harness") }) < 2 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let joins = probe.count { $0.isJoin(of: "coursebot", to: "#harness") }
            #expect(joins == 2, "waited \(Date().timeIntervalSince(started)) s; \(probe.recorded)")
            chanop.close()
            await probe.stop()
        }
    }
}
