import AgentCore
import CoursesPlugin
import EngagementPlugin
import EventsPlugin
import Foundation
import MembersPlugin
import ModerationPlugin
import RecommendationsPlugin
import SubscriptionsPlugin

/// A configuration file checked as a whole — the core sections, the feature plugins' sections
/// and the plugin ids — with every problem found in one pass. `run`, `check-config`, reloads
/// and the data commands all read the file through here, so they agree on what is valid.
struct CheckedConfiguration {
    /// The core configuration.
    var configuration: AgentConfiguration
    /// The feature plugins' settings.
    var plugins: PluginSettings

    /// The plugin ids the configuration may name under `plugins`.
    static let knownPluginIDs = [
        Courses.id, Subscriptions.id, Members.id, Engagement.id, Recommendations.id, Events.id, Moderation.id,
    ]

    /// Reads and checks `path`; the configuration is nil when the file could not be parsed at all.
    static func check(
        path: String, secrets: SecretHandling,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (CheckedConfiguration?, [ConfigProblem]) {
        let core = ConfigurationLoader.check(path: path, environment: environment, secrets: secrets)
        guard let configuration = core.configuration else { return (nil, core.problems) }
        var problems = core.problems
        for id in configuration.plugins.keys.sorted() where !knownPluginIDs.contains(id) {
            problems.append(
                ConfigProblem(
                    path: "plugins.\(id)", message: "there is no plugin called \"\(id)\"",
                    hint: "known plugins: " + knownPluginIDs.joined(separator: ", ")))
        }
        let (plugins, pluginProblems) = PluginSettings.read(configuration)
        problems += pluginProblems
        return (CheckedConfiguration(configuration: configuration, plugins: plugins), problems)
    }

    /// Reads `path` for a command; on any problem prints each one to standard error (with the
    /// file name) and returns nil.
    static func load(path: String, secrets: SecretHandling) -> CheckedConfiguration? {
        let (checked, problems) = check(path: path, secrets: secrets)
        guard let checked, problems.isEmpty else {
            for problem in problems { CommandLineInterface.standardError("\(path): \(problem)") }
            return nil
        }
        return checked
    }

    /// The configuration used without a file: the console and the default plugin settings.
    static func consoleDefault() -> CheckedConfiguration {
        CheckedConfiguration(configuration: .consoleDefault(), plugins: PluginSettings())
    }
}
