import AgentCore
import Community
import Foundation
import Gateways
import OperatorAPI
import Storage
import Synchronization
import Testing

@Suite struct HealthAndMetricsTests {
    @Test func healthReportsTheDatabaseAndScheduler() async throws {
        let fixture = try await SurfaceFixture()
        let health = await fixture.call("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.object["status"] as? String == "ok")
        #expect((health.object["database"] as? [String: Any])?["writable"] as? Bool == true)
    }

    @Test func healthIs503WhenTheDatabaseIsGone() async throws {
        let fixture = try await SurfaceFixture()
        try await fixture.database.close()
        let health = await fixture.call("GET", "/healthz")
        #expect(health.status == 503)
        #expect((health.object["reasons"] as? [String])?.first?.hasPrefix("database is not writable") == true)
    }

    @Test func metricsCountTheCommunity() async throws {
        let fixture = try await SurfaceFixture()
        let order = try await fixture.order("alice")
        _ = try await fixture.order("bob")
        _ = try await fixture.services.subscriptions.confirmOrder(order.id)
        let metrics = await fixture.call("GET", "/metrics")
        #expect(metrics.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.text.contains("community_agent_orders{status=\"paid\"} 1\n"))
        #expect(metrics.text.contains("community_agent_orders{status=\"pending\"} 1\n"))
        #expect(metrics.text.contains("community_agent_subscriptions{status=\"active\"} 1\n"))
    }

    @Test func expositionEscapesLabelsAndHelp() {
        let family = MetricFamily(
            "x_total", .counter, help: "a \\ b\nc",
            samples: [.init(labels: [("network", "oftc \"test\"\\path\n")], value: 3)])
        #expect(
            family.exposition
                == "# HELP x_total a \\\\ b\\nc\n# TYPE x_total counter\nx_total{network=\"oftc \\\"test\\\"\\\\path\\n\"} 3\n"
        )
    }

    @Test func commandsAreCountedByOutcomeWithLatency() {
        let metrics = Metrics()
        metrics.commandFinished("ping", outcome: .ok, seconds: 0.002)
        metrics.commandFinished("ping", outcome: .ok, seconds: 3)
        metrics.commandFinished("ban", outcome: .refused, seconds: 0.0001)
        let text = MetricFamily.exposition(metrics.families())
        #expect(text.contains("community_agent_commands_total{command=\"ping\",outcome=\"ok\"} 2\n"))
        #expect(text.contains("community_agent_commands_total{command=\"ban\",outcome=\"refused\"} 1\n"))
        #expect(text.contains("community_agent_command_duration_seconds_bucket{le=\"0.001\"} 1\n"))
        #expect(text.contains("community_agent_command_duration_seconds_bucket{le=\"0.0025\"} 2\n"))
        #expect(text.contains("community_agent_command_duration_seconds_bucket{le=\"+Inf\"} 3\n"))
        #expect(text.contains("community_agent_command_duration_seconds_count 3\n"))
    }
}
