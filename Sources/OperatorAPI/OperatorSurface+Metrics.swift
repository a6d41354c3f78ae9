import AgentCore
import Community
import Foundation
import Gateways
import Synchronization

extension OperatorSurface {
    /// `/metrics` in Prometheus text format 0.0.4.
    func metrics() async -> HTTPResponse {
        var families = agent?.metrics.families() ?? []
        families += await gatewayFamilies()
        families += httpFamilies()
        families += await cachedCommunityFamilies()
        families.append(
            .single(
                "community_agent_start_time_seconds", .gauge, help: "When the agent started, in Unix seconds.",
                value: started.timeIntervalSince1970.rounded()))
        families.append(
            MetricFamily(
                "community_agent_build_info", .gauge, help: "Always 1; the version is in the label.",
                samples: [.init(labels: [("version", AgentInfo.version)], value: 1)]))
        var response = HTTPResponse(
            status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
            body: Array(MetricFamily.exposition(families).utf8))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    private func gatewayFamilies() async -> [MetricFamily] {
        var states: [GatewayHealth] = []
        for gateway in agent?.gateways ?? [] { states.append(await gateway.health()) }
        func family(
            _ name: String, _ kind: MetricFamily.Kind, _ help: String, _ value: (GatewayHealth) -> Double?
        ) -> MetricFamily {
            MetricFamily(
                name, kind, help: help,
                samples: states.compactMap { state in
                    value(state).map { MetricFamily.Sample(labels: [("network", state.network)], value: $0) }
                })
        }
        return [
            family("community_agent_gateway_connected", .gauge, "1 while the gateway is registered with its network.") {
                $0.connected ? 1 : 0
            },
            family("community_agent_gateway_lag_seconds", .gauge, "Round-trip time of the last keep-alive ping.") {
                $0.lagSeconds
            },
            family("community_agent_outbox_queued_lines", .gauge, "Lines waiting in the outbox.") {
                Double($0.queuedLines)
            },
            family("community_agent_outbox_lines_sent_total", .counter, "Lines written to the network.") {
                Double($0.sentLines)
            },
            family(
                "community_agent_outbox_lines_expired_total", .counter,
                "Reply lines given up because they waited longer than the outbox allows."
            ) { Double($0.expiredLines) },
            family(
                "community_agent_outbox_lines_dropped_total", .counter,
                "Lines given up while disconnected too long or stopping."
            ) { Double($0.droppedLines) },
            family(
                "community_agent_outbox_replies_coalesced_total", .counter,
                "Short replies joined into one line with others waiting for the same channel."
            ) { Double($0.coalescedReplies) },
            family("community_agent_reconnects_total", .counter, "Registrations after a lost connection.") {
                Double($0.reconnects)
            },
        ]
    }

    private func httpFamilies() -> [MetricFamily] {
        let listener = self.listener.withLock { $0 }
        let calls = webhookCalls.withLock { $0 }.sorted { $0.key < $1.key }
        let requests = requestCounts.withLock { $0 }.sorted {
            ($0.key.endpoint, $0.key.code) < ($1.key.endpoint, $1.key.code)
        }
        return [
            MetricFamily(
                "community_agent_http_requests_total", .counter,
                help: "HTTP requests answered, by endpoint and status (this scrape not yet counted).",
                samples: requests.map {
                    .init(
                        labels: [("endpoint", $0.key.endpoint), ("code", String($0.key.code))], value: Double($0.value))
                }),
            .single(
                "community_agent_http_open_connections", .gauge, help: "HTTP connections open now.",
                value: Double(listener?.openConnections ?? 0)),
            .single(
                "community_agent_http_refused_connections_total", .counter,
                help: "HTTP connections refused because too many were open.",
                value: Double(listener?.refusedConnections ?? 0)),
            .labelled(
                "community_agent_payment_webhooks_total", .counter, help: "Payment webhook calls, by HTTP status.",
                label: "code", values: calls.map { (String($0.key), Double($0.value)) }),
        ]
    }

    /// The community's counts (subscriptions, orders, nudges, recommendations, moderation),
    /// read from the database at most every 5 seconds.
    private func cachedCommunityFamilies() async -> [MetricFamily] {
        let now = ContinuousClock.now
        if let cached = communityFamilies.withLock({ $0 }), now - cached.at < .seconds(5) { return cached.families }
        do {
            let families = try await communityCounts()
            communityFamilies.withLock { $0 = (now, families) }
            return families
        } catch {
            log.error("cannot read community counts for /metrics", metadata: ["error": "\(error)"])
            return []
        }
    }

    private func communityCounts() async throws -> [MetricFamily] {
        let subscriptions = try await services.subscriptions.statusCounts()
        let orders = try await services.subscriptions.orderCounts()
        let nudges = try await services.engagement.nudgeStats(since: .distantPast)
        let outcomes = try await services.recommendations.outcomes(since: .distantPast)
        let cases = try await services.moderation.caseCounts().sorted { $0.key < $1.key }
        return [
            .labelled(
                "community_agent_subscriptions", .gauge, help: "Subscriptions by status.", label: "status",
                values: SubscriptionStatus.allCases.map { ($0.rawValue, Double(subscriptions[$0] ?? 0)) }),
            .labelled(
                "community_agent_orders", .gauge, help: "Orders by status.", label: "status",
                values: Order.Status.allCases.map { ($0.rawValue, Double(orders[$0] ?? 0)) }),
            .single(
                "community_agent_nudges_sent_total", .counter, help: "Activity nudges sent to members.",
                value: Double(nudges.sent)),
            .single(
                "community_agent_nudges_returned_total", .counter,
                help: "Nudged members who interacted again within 7 days.", value: Double(nudges.returned)),
            .labelled(
                "community_agent_recommendation_impressions_total", .counter,
                help: "Recommendations shown, by reason kind.", label: "reason",
                values: outcomes.map { ($0.reason.rawValue, Double($0.impressions)) }),
            .labelled(
                "community_agent_recommendation_conversions_total", .counter,
                help: "Recommendations followed within 14 days, by reason kind.", label: "reason",
                values: outcomes.map { ($0.reason.rawValue, Double($0.conversions)) }),
            .labelled(
                "community_agent_moderation_cases_total", .counter, help: "Moderation cases opened, by kind.",
                label: "kind", values: cases.map { ($0.key, Double($0.value)) }),
        ]
    }
}
