import AgentCore
import Community
import CoursesPlugin
import Foundation
import Storage
import SubscriptionsPlugin

/// The community services over one database, and the plugins built on them.
struct Services {
    let database: Database
    let catalog: CatalogStore
    let subscriptions: SubscriptionService
    let members: MemberDirectory

    /// Opens the database named by the configuration and every service's tables.
    static func open(_ configuration: AgentConfiguration, settings: PluginSettings) async throws -> Services {
        let database = try Database(
            path: configuration.databasePath,
            synchronous: configuration.databaseSynchronous == "full" ? .full : .normal)
        let catalog = try await CatalogStore(database: database)
        let members = try await MemberDirectory(database: database)
        let subscriptions = try await SubscriptionService(
            database: database, catalog: catalog, members: members, checkoutTemplate: settings.checkoutURL)
        return Services(database: database, catalog: catalog, subscriptions: subscriptions, members: members)
    }

    /// The feature plugins that are switched on.
    func plugins(_ configuration: AgentConfiguration, settings: PluginSettings) -> [any Plugin] {
        var plugins: [any Plugin] = []
        if !configuration.disabledPlugins.contains(Courses.id) {
            plugins.append(Courses(catalog: catalog, members: members, settings: settings.courses))
        }
        if !configuration.disabledPlugins.contains(Subscriptions.id) {
            plugins.append(
                Subscriptions(subscriptions: subscriptions, members: members, settings: settings.subscriptions))
        }
        return plugins
    }

    /// Imports the configured catalog (or, without a configuration, the sample) when the
    /// catalog is empty.
    func seedCatalog(_ configuration: AgentConfiguration, usingSample: Bool, log: Logger) async throws {
        guard try await catalog.count() == 0 else { return }
        let path = configuration.catalogPath ?? (usingSample ? Self.sampleCatalogPath() : nil)
        guard let path else {
            if usingSample {
                log.warning(
                    "sample catalog not found; the catalog is empty (import one with: community-agent catalog import FILE)"
                )
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            log.error("cannot read the catalog file", metadata: ["path": path])
            return
        }
        switch CatalogFile.parse(data) {
        case .success(let courses):
            let report = try await catalog.importCourses(courses)
            log.info("catalog imported", metadata: ["path": path, "report": report.description])
        case .failure(let problems):
            log.error(
                "catalog file has problems; nothing imported",
                metadata: ["path": path, "problems": problems.description])
        }
    }

    /// `Config/catalog.example.json5` in the working directory, or in the source tree the
    /// executable was built in.
    static func sampleCatalogPath() -> String? {
        let relative = "Config/catalog.example.json5"
        var candidates = [FileManager.default.currentDirectoryPath + "/" + relative]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent(relative).path)
            directory = directory.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}
