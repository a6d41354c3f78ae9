import AgentCore
import Community
import EngagementPlugin
import Foundation

/// The engagement model from the command line: `nudges plan`, `interactions import`,
/// `activity`, `completions record`. Each uses the database named by `--config` (or
/// ./community-agent.sqlite) and sends nothing.
enum EngagementCommands {
    static let usage = """
        usage: community-agent nudges plan [--at ISO-8601] [--json] [--config FILE]
               community-agent interactions import FILE.csv [--config FILE]
               community-agent activity ACCOUNT [--network N] [--at ISO-8601] [--config FILE]
               community-agent completions record ACCOUNT SLUG [--network N] [--at ISO-8601] [--config FILE]
        (--network defaults to the first network of the configuration)
        """

    static func run(_ subcommand: String, _ arguments: [String]) async -> Int32 {
        let parsed: CommandLineOptions
        switch CommandLineOptions.parse(arguments, known: ["config", "at", "network"], flags: ["json"]) {
        case .success(let options): parsed = options
        case .failure(let problem):
            CommandLineInterface.standardError("\(problem.message)\n\(usage)")
            return 2
        }
        let (positional, options, json) = (parsed.positional, parsed.values, parsed.flags.contains("json"))
        var at = Date()
        if let text = options["at"] {
            guard let parsed = parseInstant(text) else {
                CommandLineInterface.standardError(
                    "error: --at \(text) is not ISO-8601 with an offset (e.g. 2026-11-27T20:00:00+08:00)")
                return 2
            }
            at = parsed
        }
        var checked = CheckedConfiguration.consoleDefault()
        if let path = options["config"] {
            guard let loaded = CheckedConfiguration.load(path: path, secrets: .skip) else { return 1 }
            checked = loaded
        }
        let configuration = checked.configuration
        let networks = configuration.networks.map(\.name)
        let network: String
        if let asked = options["network"] {
            guard let found = networks.first(where: { $0.lowercased() == asked.lowercased() }) else {
                CommandLineInterface.standardError(
                    "error: there is no network \"\(asked)\" in the configuration (configured: "
                        + networks.joined(separator: ", ") + ")")
                return 2
            }
            network = found
        } else {
            network = networks.first ?? "console"
        }
        do {
            let services = try await Services.open(configuration, settings: checked.plugins)
            let plugin = Engagement(
                engagement: services.engagement, subscriptions: services.subscriptions,
                settings: services.engagementSettings(configuration, settings: checked.plugins),
                recommendations: configuration.disabledPlugins.contains("recommendations")
                    ? nil : services.recommendations)
            let router = configuration.router
            let prefix: @Sendable (String) -> String = { network in
                router.prefix(in: .privateChat(with: "", on: network))
            }
            switch (subcommand, positional.first, positional.count) {
            case ("nudges", "plan", 1):
                let plan = try await plugin.plan(at: at, prefix: prefix)
                print(json ? planJSON(plan) : planTable(plan, at: at))
                return 0
            case ("interactions", "import", 2):
                return try await importInteractions(positional[1], networks: networks, services)
            case ("activity", _, 1):
                let identity = Identity(network: network, account: positional[0])
                let engagement = services.engagement
                let state = try await engagement.activity(of: identity)
                let model = engagement.model
                print("member:      \(identity)")
                print("P:           \(String(format: "%.3f", state.interest(at: at, model: model)))")
                print("A:           \(String(format: "%.3f", state.activity(at: at, model: model)))")
                print(
                    "peak A:      \(String(format: "%.3f", state.peakActivity(at: at, lookback: engagement.lookback, model: model)))"
                        + " (last \(Int(engagement.lookback / 86_400)) days)")
                print(
                    "last above:  \(state.lastAbove(at: at).map { $0.formatted(.iso8601) } ?? "never") (threshold \(model.threshold))"
                )
                print(
                    "cooling:     \(state.isCooling(at: at, lookback: engagement.lookback, model: model) ? "yes" : "no")"
                )
                return 0
            case ("completions", "record", 3):
                let identity = Identity(network: network, account: positional[1])
                let slug = positional[2].lowercased()
                guard try await services.catalog.course(slug) != nil else {
                    CommandLineInterface.standardError("error: no course \"\(slug)\"")
                    return 1
                }
                do {
                    try await services.engagement.complete(identity, course: slug, at: at)
                } catch CompletionRefusal.alreadyCompleted(let when) {
                    print("\(identity) completed \(slug) already (\(when.formatted(.iso8601))); nothing changed")
                    return 0
                }
                print("\(identity) completed \(slug) at \(at.formatted(.iso8601))")
                return 0
            default:
                CommandLineInterface.standardError(usage)
                return 2
            }
        } catch {
            CommandLineInterface.standardError("error: \(error)")
            return 1
        }
    }

    /// ISO-8601 with an offset, with or without fractional seconds.
    static func parseInstant(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) ?? fractional.date(from: text)
    }

    private static func importInteractions(
        _ path: String, networks: [String], _ services: Services
    ) async throws
        -> Int32
    {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            CommandLineInterface.standardError("error: cannot read \(path) as UTF-8 text")
            return 1
        }
        switch InteractionImport.parse(text, knownNetworks: networks.isEmpty ? nil : networks) {
        case .failure(let list):
            for problem in list.problems { CommandLineInterface.standardError("\(path): \(problem)") }
            CommandLineInterface.standardError(
                "\(path): nothing imported (\(list.problems.count) invalid \(list.problems.count == 1 ? "row" : "rows"))"
            )
            return 1
        case .success(let records):
            let report = try await services.engagement.importInteractions(records)
            print("\(path): imported \(report.imported), duplicates \(report.duplicates), members \(report.members)")
            return 0
        }
    }

    private static func planJSON(_ plan: [PlannedNudge]) -> String {
        let objects: [[String: Any]] = plan.map { row in
            [
                "network": row.identity?.network ?? NSNull(), "account": row.identity?.account ?? NSNull(),
                "member": row.decision.candidate.member.id,
                "action": row.decision.skip == nil ? "nudge" : "skip",
                "cause": row.decision.skip?.rawValue ?? NSNull(),
                "p": rounded(row.decision.interest), "a": rounded(row.decision.activity),
                "peak_a": rounded(row.decision.peakActivity),
                "message": row.message ?? NSNull(),
            ]
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]))
            ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    private static func planTable(_ plan: [PlannedNudge], at: Date) -> String {
        var lines = [
            "nudge plan at \(at.formatted(.iso8601)): \(plan.count) members considered, "
                + "\(plan.filter { $0.decision.skip == nil }.count) would be nudged",
            "(presence is unknown offline: members not in a channel at the time wait up to 24 hours)",
        ]
        let header = ["member", "action", "cause", "P", "A", "peak A", "message"]
        var rows = [header]
        for row in plan {
            rows.append([
                row.identity.map(\.description) ?? "\(row.decision.candidate.member)",
                row.decision.skip == nil ? "nudge" : "skip", row.decision.skip?.rawValue ?? "-",
                String(format: "%.2f", row.decision.interest), String(format: "%.2f", row.decision.activity),
                String(format: "%.2f", row.decision.peakActivity), row.message ?? "",
            ])
        }
        let widths = (0..<header.count - 1).map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        for row in rows {
            let padded = (0..<header.count - 1).map { DisplayWidth.fit(row[$0], to: widths[$0]) }
            lines.append((padded + [row[header.count - 1]]).joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
