import AgentCore
import Community
import CoursesPlugin
import EngagementPlugin
import EventsPlugin
import Foundation
import MembersPlugin
import ModerationPlugin
import PluginSupport
import RecommendationsPlugin
import Storage
import SubscriptionsPlugin

/// The community services over one database, and the plugins built on them.
struct Services {
    let database: Database
    let catalog: CatalogStore
    let subscriptions: SubscriptionService
    let members: MemberDirectory
    let engagement: EngagementService
    let recommendations: RecommendationService
    let events: EventService
    let moderation: ModerationService
    /// One set of waiting notices, whichever plugin (or the HTTP side) queues or delivers them.
    let notices: MemberNotices

    /// Opens the database named by the configuration and every service's tables.
    static func open(_ configuration: AgentConfiguration, settings: PluginSettings) async throws -> Services {
        let database = try Database(
            path: configuration.databasePath,
            synchronous: configuration.databaseSynchronous == "full" ? .full : .normal)
        let catalog = try await CatalogStore(database: database)
        let members = try await MemberDirectory(database: database)
        let subscriptions = try await SubscriptionService(
            database: database, catalog: catalog, members: members, checkoutTemplate: settings.checkoutURL,
            maximumDays: settings.subscriptions.maximumDays)
        let engagement = try await EngagementService(
            database: database, members: members, model: settings.engagement.model,
            lookbackDays: settings.engagement.lookbackDays, timeZone: configuration.timeZone)
        let recommendations = try await RecommendationService(
            database: database, catalog: catalog, members: members, weights: settings.recommendations)
        let events = try await EventService(database: database, members: members)
        let moderation = try await ModerationService(database: database, members: members)
        return Services(
            database: database, catalog: catalog, subscriptions: subscriptions, members: members,
            engagement: engagement, recommendations: recommendations, events: events, moderation: moderation,
            notices: MemberNotices(members: members))
    }

    /// The feature plugins that are switched on.
    func plugins(
        _ configuration: AgentConfiguration, settings: PluginSettings, clock: any AgentClock = SystemClock(),
        roleOf: @escaping @Sendable (_ network: String, _ account: String) -> Role = { _, _ in .member },
        log: Logger = .disabled
    )
        -> [any Plugin]
    {
        var plugins: [any Plugin] = []
        if !configuration.disabledPlugins.contains(Members.id) {
            var members = settings.members
            members.defaults.timeZone = configuration.timeZone
            members.defaults.language = configuration.language
            members.defaults.nudges = settings.engagement.rules.defaultOptIn
            members.dataLinkBase = configuration.http?.baseURL
            plugins.append(Members(members: self.members, catalog: catalog, notices: notices, settings: members))
        }
        if !configuration.disabledPlugins.contains(Courses.id) {
            plugins.append(Courses(catalog: catalog, members: members, settings: settings.courses))
        }
        if !configuration.disabledPlugins.contains(Subscriptions.id) {
            var subscriptionSettings = settings.subscriptions
            subscriptionSettings.language = Language(code: configuration.language) ?? .en
            plugins.append(
                Subscriptions(
                    subscriptions: subscriptions, members: members, settings: subscriptionSettings,
                    notices: notices, log: log))
        }
        if !configuration.disabledPlugins.contains(Engagement.id) {
            plugins.append(
                Engagement(
                    engagement: engagement, subscriptions: subscriptions,
                    settings: engagementSettings(configuration, settings: settings),
                    recommendations: configuration.disabledPlugins.contains(Recommendations.id) ? nil : recommendations,
                    clock: clock, log: log))
        }
        if !configuration.disabledPlugins.contains(Recommendations.id) {
            plugins.append(Recommendations(service: recommendations, catalog: catalog, log: log))
        }
        if !configuration.disabledPlugins.contains(Events.id) {
            var eventSettings = settings.events
            eventSettings.timeZone = configuration.timeZone
            eventSettings.language = Language(code: configuration.language) ?? .en
            plugins.append(
                Events(
                    events: events, catalog: catalog, notices: notices,
                    engagement: configuration.disabledPlugins.contains(Engagement.id) ? nil : engagement,
                    settings: eventSettings, clock: clock, log: log))
        }
        if !configuration.disabledPlugins.contains(Moderation.id) {
            var moderationSettings = settings.moderation
            moderationSettings.timeZone = configuration.timeZone
            moderationSettings.language = Language(code: configuration.language) ?? .en
            for network in configuration.networks where network.kind != .console {
                moderationSettings.servicesNicks.formUnion([network.nick.lowercased()])
            }
            plugins.append(
                Moderation(
                    moderation: moderation, notices: notices, settings: moderationSettings, roleOf: roleOf,
                    clock: clock, log: log))
        }
        return plugins
    }

    /// The engagement settings with what the rest of the configuration knows: the community's
    /// language and zone, and the agent's own nicks and accounts (which `!thanks` refuses).
    func engagementSettings(_ configuration: AgentConfiguration, settings: PluginSettings) -> Engagement.Settings {
        var engagement = settings.engagement
        engagement.language = Language(code: configuration.language) ?? .en
        engagement.timeZone = configuration.timeZone
        for network in configuration.networks {
            engagement.agentNicks[network.name] = Set([network.nick] + network.alternativeNicks)
            if let account = network.sasl?.account {
                engagement.agentAccounts.insert(Identity(network: network.name, account: account))
            }
        }
        return engagement
    }

    /// Imports the configured catalog (or, without a configuration, the sample built into the
    /// binary) when the catalog is empty.
    func seedCatalog(_ configuration: AgentConfiguration, usingSample: Bool, log: Logger) async throws {
        guard try await catalog.count() == 0 else { return }
        let source: String
        let data: Data
        if let path = configuration.catalogPath {
            guard let contents = FileManager.default.contents(atPath: path) else {
                log.error("cannot read the catalog file", metadata: ["path": path])
                return
            }
            (source, data) = (path, contents)
        } else if usingSample {
            (source, data) = ("the sample catalog", Data(SampleCatalog.text.utf8))
        } else {
            return
        }
        switch CatalogFile.parse(data, maximumAccessDays: subscriptions.maximumDays) {
        case .success(let courses):
            let report = try await catalog.importCourses(courses)
            log.info("catalog imported", metadata: ["from": source, "report": report.description])
        case .failure(let problems):
            log.error(
                "catalog file has problems; nothing imported",
                metadata: ["from": source, "problems": problems.description])
        }
    }
}
