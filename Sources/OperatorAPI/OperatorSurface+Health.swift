import AgentCore
import Foundation
import Gateways
import Storage
import Synchronization

extension OperatorSurface {
    /// The `/healthz` document.
    struct Health: Encodable {
        struct Gateway: Encodable {
            var network: String
            var kind: String
            var connected: Bool
            var since: Date?
            var lag_seconds: Double?
            var queued_lines: Int
        }

        struct Storage: Encodable {
            var writable: Bool
            var error: String?
        }

        struct SchedulerState: Encodable {
            var lag_seconds: Double
        }

        var status: String
        var reasons: [String]
        var version: String
        var uptime_seconds: Double
        var gateways: [Gateway]
        var database: Storage
        var scheduler: SchedulerState
    }

    /// A scheduler this far behind (seconds) makes the agent unhealthy.
    static let schedulerLagLimit = 120.0

    /// 200 when every gateway is connected, the database takes writes and the scheduler keeps
    /// up; else 503 with the reasons.
    func health() async -> HTTPResponse {
        var reasons: [String] = []
        var gateways: [Health.Gateway] = []
        for gateway in agent?.gateways ?? [] {
            let state = await gateway.health()
            gateways.append(
                Health.Gateway(
                    network: state.network, kind: state.kind, connected: state.connected, since: state.since,
                    lag_seconds: state.lagSeconds.map { ($0 * 1000).rounded() / 1000 }, queued_lines: state.queuedLines)
            )
            if !state.connected { reasons.append("network \(state.network) is not connected") }
        }
        let (writable, lag) = await probeStorage()
        var storage = Health.Storage(writable: true)
        if case .failure(let error) = writable {
            storage = Health.Storage(writable: false, error: error.message)
            reasons.append("database is not writable: \(error.message)")
        }
        if lag > Self.schedulerLagLimit {
            reasons.append("scheduler is \(Int(lag)) s behind")
        }
        let document = Health(
            status: reasons.isEmpty ? "ok" : "unhealthy", reasons: reasons, version: AgentInfo.version,
            uptime_seconds: (clock().timeIntervalSince(started) * 10).rounded() / 10, gateways: gateways,
            database: storage, scheduler: .init(lag_seconds: (lag * 10).rounded() / 10))
        var response = HTTPResponse.json(reasons.isEmpty ? 200 : 503, encoding: document)
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// Whether the database takes a write, and the scheduler's lag; measured at most once a second.
    func probeStorage() async -> (Result<Void, StorageProbeError>, Double) {
        let now = ContinuousClock.now
        if let cached = probe.withLock({ $0 }), now - cached.at < .seconds(1) {
            return (cached.writable, cached.lag)
        }
        var writable: Result<Void, StorageProbeError> = .success(())
        do {
            try await services.database.probeWrite(at: clock().timeIntervalSince1970)
        } catch {
            writable = .failure(StorageProbeError(message: "\(error)"))
        }
        var lag = 0.0
        if let scheduler = agent?.scheduler {
            lag = (try? await scheduler.lag()) ?? 0
        }
        let result = (now, writable, lag)
        probe.withLock { $0 = result }
        return (writable, lag)
    }
}
