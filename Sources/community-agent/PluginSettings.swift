import AgentCore
import Community
import CoursesPlugin
import MembersPlugin
import SubscriptionsPlugin

/// The feature plugins' sections of the configuration (`plugins.courses`, `plugins.subscriptions`),
/// read with every problem reported by path like the rest of the configuration.
struct PluginSettings {
    var courses = Courses.Settings()
    var subscriptions = Subscriptions.Settings()
    var members = Members.Settings()
    var checkoutURL = "https://pay.example.invalid/checkout?order={order}&course={course}&amount={amount}"

    /// Reads the sections; returns the settings and any problems.
    static func read(_ configuration: AgentConfiguration) -> (PluginSettings, [ConfigProblem]) {
        var settings = PluginSettings()
        var problems: [ConfigProblem] = []
        if let value = configuration.plugins[Courses.id] {
            let reader = ConfigReader(value, path: "plugins.\(Courses.id)")
            _ = reader.bool("enabled", default: true)
            settings.courses.privateLines = reader.integer("private_lines", default: 40, in: 1...200)
            reader.reportUnknownKeys()
            problems += reader.problems
        }
        if let value = configuration.plugins[Subscriptions.id] {
            let reader = ConfigReader(value, path: "plugins.\(Subscriptions.id)")
            _ = reader.bool("enabled", default: true)
            settings.subscriptions.reminderDays = reader.integer("reminder_days", default: 3, in: 0...60)
            settings.subscriptions.maximumDays = reader.integer(
                "max_days", default: SubscriptionService.defaultMaximumDays, in: 1...36_500)
            if let rule = reader.string("check_every") {
                if let schedule = Schedule(rule: rule) {
                    settings.subscriptions.checkEvery = schedule
                } else {
                    reader.problem(
                        "check_every", "not a schedule", hint: "e.g. \"every 10m\", \"every 1h\", \"daily 09:00\"")
                }
            }
            if let url = reader.string("checkout_url") {
                if url.contains("{order}") {
                    settings.checkoutURL = url
                } else {
                    reader.problem(
                        "checkout_url", "must contain {order}",
                        hint: "e.g. https://pay.example.org/checkout?order={order}")
                }
            }
            reader.reportUnknownKeys()
            problems += reader.problems
        }
        if let value = configuration.plugins[Members.id] {
            let reader = ConfigReader(value, path: "plugins.\(Members.id)")
            _ = reader.bool("enabled", default: true)
            settings.members.defaults.nudges = reader.bool("nudges", default: true)
            settings.members.defaults.reminders = reader.bool("reminders", default: true)
            reader.reportUnknownKeys()
            problems += reader.problems
        }
        return (settings, problems)
    }
}
