import AgentCore
import Community
import EventsPlugin
import Foundation
import Gateways
import OperatorAPI
import PluginSupport
import SubscriptionsPlugin

/// Starts the operator's HTTP listener when the configuration has `http`, serving the agent's
/// health, metrics, course API, payment webhook and calendars; it stops first when the agent stops.
enum OperatorListener {
    static func start(
        _ configuration: AgentConfiguration, settings: PluginSettings, services: Services, agent: Agent, log: Logger
    ) async throws {
        guard let http = configuration.http else { return }
        let httpLog = log.child("http")
        if !http.isLoopback {
            if http.isPublic {
                httpLog.notice("HTTP listener reachable from other machines (http.public is true)")
            } else {
                httpLog.warning(
                    "HTTP LISTENER ON A NON-LOOPBACK ADDRESS: other machines can reach /metrics, /healthz and the course API; set http.public: true if that is intended",
                    metadata: ["listen": "\(http.host):\(http.port)"])
            }
        }
        if configuration.payments.webhookSecret == nil {
            httpLog.info("payment webhook off: payments.webhook_secret_env or _file is not set")
        }
        let dependencies = OperatorSurface.Dependencies(
            database: services.database, catalog: services.catalog, subscriptions: services.subscriptions,
            members: services.members, events: services.events, moderation: services.moderation,
            engagement: services.engagement, recommendations: services.recommendations,
            tokens: try await APITokens(database: services.database),
            calendar: configuration.disabledPlugins.contains("events") ? nil : settings.events.calendar)
        let outlet = agent.outlet
        let surface = OperatorSurface(
            services: dependencies, agent: agent, payments: configuration.payments,
            networks: configuration.networks.map(\.name), log: httpLog
        ) { identity, notice in
            await tell(identity, notice, configuration: configuration, services: services, outlet: outlet, log: httpLog)
        }
        let listener = try surface.listen(host: http.host, port: http.port)
        httpLog.info("HTTP listener started", metadata: ["address": listener.address])
        agent.onStop {
            httpLog.info("stopping: HTTP listener")
            await listener.stop()
        }
    }

    /// Tells a member privately, now if they are online, else when next seen (within 3 days).
    private static func tell(
        _ identity: Identity, _ notice: OperatorSurface.MemberNotice, configuration: AgentConfiguration,
        services: Services, outlet: any Outlet, log: Logger
    ) async {
        do {
            let language =
                try await services.members.profile(of: identity).language.flatMap(Language.init(code:))
                ?? Language(code: configuration.language) ?? .en
            let prefix = configuration.router.prefix(in: .privateChat(with: "", on: identity.network))
            let text: String
            switch notice {
            case .paid(let subscription, let order):
                let title = try await services.catalog.course(order.courseSlug)?.title ?? order.courseSlug
                text = Subscriptions.paymentNotice(
                    title, order: order.id, subscription, prefix: prefix, timeZone: configuration.timeZone,
                    language: language)
            case .granted(let subscription):
                let title = try await services.catalog.course(subscription.courseSlug)?.title ?? subscription.courseSlug
                text = Subscriptions.grantNotice(
                    title, subscription, prefix: prefix, timeZone: configuration.timeZone, language: language)
            }
            try await services.notices.notify(identity, text, at: Date(), outlet: outlet, log: log)
        } catch {
            log.error("could not tell the member", metadata: ["member": "\(identity)", "error": "\(error)"])
        }
    }
}
