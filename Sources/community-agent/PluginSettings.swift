import AgentCore
import Community
import CoursesPlugin
import EngagementPlugin
import EventsPlugin
import Foundation
import MembersPlugin
import ModerationPlugin
import SubscriptionsPlugin

/// The feature plugins' sections of the configuration (`plugins.courses`, `plugins.subscriptions`),
/// read with every problem reported by path like the rest of the configuration.
struct PluginSettings {
    var courses = Courses.Settings()
    var subscriptions = Subscriptions.Settings()
    var members = Members.Settings()
    var engagement = Engagement.Settings()
    var recommendations = RecommenderWeights()
    var events = Events.Settings()
    var moderation = Moderation.Settings()
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
            // Superseded by plugins.engagement.default_opt_in, which wins when both are given.
            settings.members.defaults.nudges = reader.bool("nudges", default: false)
            settings.members.defaults.reminders = reader.bool("reminders", default: true)
            reader.reportUnknownKeys()
            problems += reader.problems
        }
        if let value = configuration.plugins["recommendations"] {
            let reader = ConfigReader(value, path: "plugins.recommendations")
            readRecommendations(reader, into: &settings.recommendations)
            problems += reader.problems
        }
        settings.engagement.rules.defaultOptIn = settings.members.defaults.nudges
        if let value = configuration.plugins[Engagement.id] {
            let reader = ConfigReader(value, path: "plugins.\(Engagement.id)")
            readEngagement(reader, into: &settings.engagement)
            problems += reader.problems
        }
        settings.events.remindersByDefault = settings.members.defaults.reminders
        if let value = configuration.plugins[Events.id] {
            let reader = ConfigReader(value, path: "plugins.\(Events.id)")
            readEvents(reader, configuration, into: &settings.events)
            problems += reader.problems
        }
        if let value = configuration.plugins[Moderation.id] {
            let reader = ConfigReader(value, path: "plugins.\(Moderation.id)")
            readModeration(reader, into: &settings.moderation)
            problems += reader.problems
        }
        return (settings, problems)
    }

    /// `plugins.moderation`: the ladder, automod per channel, exemptions, the default channel.
    private static func readModeration(_ reader: ConfigReader, into settings: inout Moderation.Settings) {
        _ = reader.bool("enabled", default: true)
        let window = reader.number("ladder_window_days", default: 30, in: 1...3650) * 86_400
        var steps = settings.ladder.steps
        if reader.value("ladder") != nil {
            steps = []
            for item in reader.list("ladder") {
                guard case .string(let text) = item.value, let step = EscalationLadder.step(text) else {
                    reader.problem(
                        "ladder", "\(item.path) is not a step",
                        hint: "steps: \"warn\", \"mute 10m\", \"ban 1d\", \"ban\"")
                    continue
                }
                steps.append(step)
            }
            if steps.isEmpty {
                reader.problem("ladder", "needs at least one step", hint: "e.g. [\"warn\", \"mute 10m\"]")
            }
        }
        settings.ladder = EscalationLadder(steps: steps, window: window)
        let exempt = reader.choice("exempt_role", ["member", "moderator", "owner"], default: "moderator")
        settings.exemptRole = exempt == "owner" ? .owner : exempt == "member" ? .member : .moderator
        if let channels = reader.object("default_channels") {
            for network in channels.keys {
                if let channel = channels.string(network) {
                    settings.defaultChannels[IdentityKey.network(network)] = channel
                }
            }
        }
        settings.askChanServForOp = reader.bool("chanserv_op", default: false)
        let services = reader.strings("services_nicks")
        if !services.isEmpty { settings.servicesNicks = Set(services.map { $0.lowercased() }) }
        if let automod = reader.object("automod") {
            for channel in automod.keys {
                guard let rules = automod.object(channel) else { continue }
                var parsed = AutomodRules()
                if let flood = rules.object("flood") {
                    parsed.flood = AutomodRules.Rate(
                        count: flood.integer("lines", default: 5, in: 2...1000),
                        seconds: flood.number("seconds", default: 10, in: 1...3600))
                    flood.reportUnknownKeys()
                }
                if let repeats = rules.object("repeats") {
                    parsed.repeats = AutomodRules.Rate(
                        count: repeats.integer("count", default: 3, in: 2...1000),
                        seconds: repeats.number("seconds", default: 60, in: 1...86_400))
                    repeats.reportUnknownKeys()
                }
                if rules.value("highlights") != nil {
                    parsed.highlights = rules.integer("highlights", default: 5, in: 2...500)
                }
                parsed.patterns = rules.strings("patterns")
                if rules.value("links_joined_minutes") != nil {
                    parsed.linksJoinedMinutes = rules.number("links_joined_minutes", default: 10, in: 0...100_000)
                }
                rules.reportUnknownKeys()
                settings.automod[channel.lowercased()] = parsed
            }
        }
        reader.reportUnknownKeys()
    }

    /// `plugins.events`: channel zones, grace periods, the digest and the calendar.
    private static func readEvents(
        _ reader: ConfigReader, _ configuration: AgentConfiguration, into settings: inout Events.Settings
    ) {
        _ = reader.bool("enabled", default: true)
        if let zones = reader.object("time_zones") {
            for channel in zones.keys {
                guard let name = zones.string(channel) else { continue }
                if let zone = TimeZone(identifier: name) {
                    settings.channelTimeZones[channel.lowercased()] = zone
                } else {
                    zones.problem(channel, "unknown time zone \"\(name)\"", hint: "an IANA name such as Asia/Shanghai")
                }
            }
        }
        settings.announceOnCreate = reader.bool("announce_on_create", default: true)
        settings.reminderGrace = TimeInterval(reader.integer("reminder_grace_minutes", default: 15, in: 0...1_440) * 60)
        settings.announcementGrace = TimeInterval(
            reader.integer("announcement_grace_minutes", default: 120, in: 0...10_080) * 60)
        settings.defaultDuration = TimeInterval(reader.integer("default_minutes", default: 60, in: 5...10_080) * 60)
        settings.lateAfter = TimeInterval(reader.integer("late_after_seconds", default: 60, in: 0...86_400))
        if let url = reader.string("calendar_url") {
            if url.contains("{id}") {
                settings.calendarURL = url
            } else {
                reader.problem(
                    "calendar_url", "must contain {id}", hint: "e.g. https://community.example/events/{id}.ics")
            }
        }
        settings.calendar.domain = reader.string("calendar_domain", default: settings.calendar.domain)
        settings.calendar.name = reader.string("calendar_name", default: settings.calendar.name)
        if let digest = reader.object("digest") {
            let rule = digest.string("at", default: "weekly mon 09:00")
            let network = digest.string("network", default: configuration.networks.first?.name ?? "console")
            let channel = digest.string("channel", default: "")
            if let schedule = Schedule(rule: rule) {
                if channel.hasPrefix("#") || channel.hasPrefix("&") {
                    settings.digest = Events.Settings.Digest(schedule: schedule, network: network, channel: channel)
                } else {
                    digest.problem("channel", "needs a channel", hint: "e.g. \"#community\"")
                }
            } else {
                digest.problem("at", "not a schedule", hint: "e.g. \"weekly mon 09:00\", \"daily 18:00\"")
            }
            if !configuration.networks.isEmpty,
                !configuration.networks.contains(where: { $0.name.lowercased() == network.lowercased() })
            {
                digest.problem("network", "there is no network \"\(network)\" in the configuration")
            }
            digest.reportUnknownKeys()
        }
        reader.reportUnknownKeys()
    }

    /// `plugins.recommendations`: the blend's weights (defaults tuned on the public data, seed 42).
    private static func readRecommendations(_ reader: ConfigReader, into weights: inout RecommenderWeights) {
        _ = reader.bool("enabled", default: true)
        let defaults = RecommenderWeights()
        weights.halfLifeDays = reader.number("half_life_days", default: defaults.halfLifeDays, in: 0.1...3_650)
        weights.peerHalfLifeDays = reader.number(
            "peer_half_life_days", default: defaults.peerHalfLifeDays, in: 0.1...3_650)
        weights.neighbours = reader.integer("neighbours", default: defaults.neighbours, in: 1...1_000)
        weights.strongestCourses = reader.integer(
            "strongest_courses", default: defaults.strongestCourses, in: 1...10_000)
        weights.similarityCourses = reader.integer(
            "similarity_courses", default: defaults.similarityCourses, in: 1...10_000)
        weights.peerCourses = reader.integer("peer_courses", default: defaults.peerCourses, in: 1...100_000)
        weights.similarFloor = reader.number("similar_floor", default: defaults.similarFloor, in: 0...1)
        weights.itemItem = reader.number("item_item", default: defaults.itemItem, in: 0...100)
        weights.peers = reader.number("peers", default: defaults.peers, in: 0...100)
        weights.content = reader.number("content", default: defaults.content, in: 0...100)
        weights.popularity = reader.number("popularity", default: defaults.popularity, in: 0...100)
        weights.coldBoost = reader.number("cold_boost", default: defaults.coldBoost, in: 0...100)
        weights.recentDays = reader.number("recent_days", default: defaults.recentDays, in: 1...3_650)
        weights.levelBelow = reader.number("level_below", default: defaults.levelBelow, in: 0...1)
        weights.levelFarAbove = reader.number("level_far_above", default: defaults.levelFarAbove, in: 0...1)
        if let kinds = reader.object("kinds") {
            for (kind, key) in interactionKinds(kinds) {
                weights.kinds[kind] = kinds.number(key, default: 0, in: 0...100)
            }
        }
        reader.reportUnknownKeys()
    }

    /// `plugins.engagement`: the activity model, the nudge rules and retention.
    private static func readEngagement(_ reader: ConfigReader, into settings: inout Engagement.Settings) {
        _ = reader.bool("enabled", default: true)
        if let model = reader.object("model") {
            var parsed = ActivityModel(
                alpha: model.number("alpha", default: 10, in: -1e9...1e9),
                beta: model.number("beta", default: 2, in: -1e9...1e9),
                gamma: model.number("gamma", default: 0.1, in: -1e9...1e9))
            parsed.threshold = model.number("threshold", default: parsed.alpha / 2, in: -1e9...1e9)
            if let weights = model.object("weights") {
                for (kind, key) in interactionKinds(weights) {
                    parsed.weights[kind] = weights.number(key, default: 0, in: -1e9...1e9)
                }
            }
            for problem in parsed.problems {
                model.problem(problem.key, problem.message)
            }
            model.reportUnknownKeys()
            settings.model = parsed
        }
        settings.lookbackDays = reader.number("lookback_days", default: 14, in: 1...365)
        if let rule = reader.string("sweep_every") {
            if let schedule = Schedule(rule: rule) {
                settings.sweepEvery = schedule
            } else {
                reader.problem("sweep_every", "not a schedule", hint: "e.g. \"every 1h\", \"daily 18:00\"")
            }
        }
        if let quiet = reader.string("quiet_hours") {
            if quiet.isEmpty || quiet.lowercased() == "none" {
                settings.rules.quietHours = nil
            } else if let hours = QuietHours(quiet) {
                settings.rules.quietHours = hours
            } else {
                reader.problem("quiet_hours", "not a span of local time", hint: "e.g. \"22:00-08:00\", or \"none\"")
            }
        }
        settings.rules.cooldown = reader.number("cooldown_days", default: 7, in: 0...365) * 86_400
        settings.rules.defaultOptIn = reader.bool("default_opt_in", default: settings.rules.defaultOptIn)
        settings.retentionDays = reader.integer("retention_days", default: 90, in: 1...36_500)
        settings.rollupDays = reader.integer("rollup_days", default: 400, in: 1...36_500)
        settings.thanksPerDay = reader.integer("thanks_per_day", default: 5, in: 0...100)
        if let points = reader.object("points") {
            var parsed: [InteractionKind: Int] = [:]
            for (kind, key) in interactionKinds(points) {
                parsed[kind] = points.integer(key, default: 0, in: 0...1_000)
            }
            settings.points = LearningPoints(points: parsed)
        }
        reader.reportUnknownKeys()
    }

    /// The keys of a map keyed by interaction kind (`weights`, `points`, `kinds`), each with its
    /// kind; a key that names no kind is reported with the list of kinds.
    private static func interactionKinds(_ reader: ConfigReader) -> [(kind: InteractionKind, key: String)] {
        reader.keys.compactMap { key in
            guard let kind = InteractionKind(rawValue: key) else {
                reader.problem(
                    key, "is not an interaction kind",
                    hint: "kinds: " + InteractionKind.allCases.map(\.rawValue).joined(separator: ", "))
                return nil
            }
            return (kind, key)
        }
    }
}
