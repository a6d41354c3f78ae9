import AgentCore
import Community
import EventsPlugin
import Foundation

/// `community-agent events export --ics FILE` (an RFC 5545 calendar of upcoming events, with
/// cancellations so calendars drop them) and `events list` (CSV or JSON).
enum EventsCommands {
    static let usage = """
        usage: community-agent events export --ics FILE|- [--config FILE]
               community-agent events list [--format csv|json] [--config FILE]
        """

    static func run(_ arguments: [String]) async -> Int32 {
        let parsed: CommandLineOptions
        switch CommandLineOptions.parse(arguments, known: ["config", "ics", "format", "at"]) {
        case .success(let options): parsed = options
        case .failure(let problem):
            CommandLineInterface.standardError("\(problem.message)\n\(usage)")
            return 2
        }
        var now = Date()
        if let text = parsed.values["at"] {
            guard let instant = EngagementCommands.parseInstant(text) else {
                CommandLineInterface.standardError("error: --at \(text) is not ISO-8601 with an offset")
                return 2
            }
            now = instant
        }
        let format = TableOutput.Format(rawValue: parsed.values["format"] ?? "csv")
        guard parsed.positional == ["export"] && parsed.values["ics"] != nil || parsed.positional == ["list"],
            let format
        else {
            CommandLineInterface.standardError(usage)
            return 2
        }
        var checked = CheckedConfiguration.consoleDefault()
        if let path = parsed.values["config"] {
            guard let loaded = CheckedConfiguration.load(path: path, secrets: .skip) else { return 1 }
            checked = loaded
        }
        do {
            let services = try await Services.open(checked.configuration, settings: checked.plugins)
            let events = try await services.events.upcoming(from: now, limit: 10_000, includingCancelled: true)
            if let target = parsed.values["ics"] {
                let text = checked.plugins.events.calendar.calendar(events, stampedAt: now)
                if target == "-" {
                    FileHandle.standardOutput.write(Data(text.utf8))
                } else {
                    try FileReplacement.write(Data(text.utf8), to: target)
                    CommandLineInterface.standardError(
                        "wrote \(events.count) event\(events.count == 1 ? "" : "s") to \(target)")
                }
                return 0
            }
            var table = TableOutput(columns: [
                "id", "title", "start", "end", "network", "channels", "status", "capacity", "going", "maybe",
                "waiting", "tags",
            ])
            for event in events {
                let counts = try await services.events.counts(event.id)
                table.rows.append([
                    event.id, event.title, event.start.formatted(.iso8601), event.end.formatted(.iso8601),
                    event.network, event.channels.joined(separator: " "), event.status.rawValue,
                    event.capacity.map(String.init) ?? "", String(counts.going), String(counts.maybe),
                    String(counts.waitlisted), event.tags.joined(separator: " "),
                ])
            }
            print(table.rendered(as: format), terminator: "")
            return 0
        } catch {
            CommandLineInterface.standardError("error: \(error)")
            return 1
        }
    }
}
