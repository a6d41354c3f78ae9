import AgentTesting
import Foundation
import OperatorAPI
import Testing

/// An order made in chat on a real InspIRCd is paid through the signed webhook (sent by curl),
/// exactly once, and the member hears about it privately.
@Suite("Payment webhook on InspIRCd", .serialized)
struct PaymentWebhookOnInspIRCdTests {
    static let secret = "e2e-webhook-secret"

    static func configuration(port: Int, directory: URL) -> String {
        """
        {
          storage: { path: "\(directory.path)/agent.sqlite" },
          catalog: "\(CoursesOnInspIRCdTests.sampleCatalog)",
          commands: { rate_limit: { enabled: false } },
          http: { listen: "127.0.0.1:0" },
          payments: { webhook_secret_env: "E2E_WEBHOOK_SECRET" },
          networks: [ {
            name: "local", host: "127.0.0.1", port: \(port), nick: "coursebot",
            sasl: { account: "botacct", password_env: "E2E_BOT_PASSWORD" }, require_sasl: true,
            channels: ["#harness"], outbox: { burst: 20, interval_seconds: 0.02 },
          } ],
          plugins: { subscriptions: { checkout_url: "https://pay.test/checkout?order={order}&course={course}" } },
        }
        """
    }

    /// Posts `body` to the webhook with a signature made at `timestamp` with `secret`.
    static func post(
        _ body: String, port: Int, timestamp: Int = Int(Date().timeIntervalSince1970), secret: String = secret
    ) async throws -> HTTPClients.Fetched {
        let signature = WebhookSignature.header(timestamp: timestamp, body: Array(body.utf8), secret: secret)
        return try await HTTPClients.curl(
            port, "/webhooks/payment",
            ["-H", "Community-Signature: \(signature)", "-H", "Content-Type: application/json", "--data-binary", body])
    }

    /// Subscribes `member` to a paid course in the channel and returns the order id from the link.
    static func order(_ member: TestIRCClient, _ slug: String) async throws -> String {
        member.say("#harness", "!subscribe \(slug)")
        _ = try await member.reply(from: "coursebot", in: "#harness")
        _ = try await member.reply(from: "coursebot", in: member.nick)
        let pay = try await member.reply(from: "coursebot", in: member.nick)
        let id = pay.split(separator: "order=").last?.prefix { $0 != "&" }
        return try #require(id.map(String.init))
    }

    @Test func aPaidOrderIsConfirmedOnceAndTheMemberIsToldPrivately() async throws {
        guard try Peers.available("inspircd", "atheme-services"), try HTTPClients.available() else { return }
        try await InspIRCdServer.with { server in
            let directory = server.directory
            let agent = try AgentProcess(
                configuration: Self.configuration(port: server.port, directory: directory), directory: directory,
                environment: ["E2E_BOT_PASSWORD": "botacct-pw", "E2E_WEBHOOK_SECRET": Self.secret])
            defer { Task { await agent.child.stop() } }
            let port = try await OperatorHTTPTests.port(of: agent)
            let member = try await TestIRCClient.connect(
                port: server.port, nick: "learner", sasl: ("modacct", "modacct-pw"))
            try await member.join("#harness")
            try await member.waitForMember("coursebot", in: "#harness")
            let order = try await Self.order(member, "swift-concurrency")
            let body =
                #"{"id":"evt_live_1","type":"order.paid","order":"\#(order)","amount":19900,"currency":"CNY"}"#

            // Forged, stale and mismatched calls change nothing.
            #expect(try await Self.post(body, port: port, secret: "guess").status == 401)
            #expect(
                try await Self.post(body, port: port, timestamp: Int(Date().timeIntervalSince1970) - 600).status == 401)
            let cheap = #"{"id":"evt_live_0","type":"order.paid","order":"\#(order)","amount":1,"currency":"CNY"}"#
            #expect(try await Self.post(cheap, port: port).status == 422)
            let unknown = #"{"id":"evt_x","type":"order.paid","order":"ONOTREAL1","amount":1,"currency":"CNY"}"#
            #expect(try await Self.post(unknown, port: port).status == 404)
            #expect(try await Self.post("{not json", port: port).status == 400)
            member.say("#harness", "!mycourses")
            #expect(
                try await member.reply(from: "coursebot", in: "#harness")
                    == "Your courses: swift-concurrency (awaiting payment, order \(order))")

            // The real payment: confirmed, and the member is told privately on the network they ordered from.
            let paid = try await Self.post(body, port: port)
            #expect(paid.status == 200 && paid.object["status"] as? String == "confirmed", "\(paid.body)")
            let notice = try await member.reply(from: "coursebot", in: "learner")
            #expect(notice.hasPrefix("Your payment for Swift Concurrency 并发编程 (order \(order)) is confirmed"))

            // The provider retries: no second effect, no second message.
            let replay = try await Self.post(body, port: port)
            #expect(replay.status == 200 && replay.object["status"] as? String == "already-confirmed")
            member.say("#harness", "!mycourses")
            let mine = try await member.reply(from: "coursebot", in: "#harness")
            #expect(mine.hasPrefix("Your courses: swift-concurrency (until "), "\(mine)")
            let metrics = try await HTTPClients.curl(port, "/metrics")
            #expect(metrics.body.contains("community_agent_orders{status=\"paid\"} 1\n"))
            #expect(metrics.body.contains("community_agent_payment_webhooks_total{code=\"200\"} 2\n"))
            #expect(metrics.body.contains("community_agent_gateway_connected{network=\"local\"} 1\n"))
            let health = try await HTTPClients.curl(port, "/healthz")
            #expect(health.status == 200, "\(health.body)")
        }
    }
}
