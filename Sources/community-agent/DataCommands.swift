import AgentCore
import Community
import Foundation
import SubscriptionsPlugin

/// Scriptable commands on the community's data: `catalog import|export`, `codes create`,
/// `orders confirm`. Each uses the database named by `--config` (or ./community-agent.sqlite).
enum DataCommands {
    static let usage = """
        usage: community-agent catalog import FILE [--config FILE]
               community-agent catalog export [FILE] [--config FILE]
               community-agent catalog sample
               community-agent codes create SLUG COUNT [--days N] [--uses N] [--valid-days N] [--config FILE]
               community-agent orders confirm ORDER [--config FILE]
               community-agent orders list [--status pending|paid|cancelled] [--format csv|json] [--config FILE]
               community-agent subscriptions list [--course SLUG] [--status S] [--format csv|json] [--config FILE]
               community-agent codes list [SLUG] [--format csv|json] | codes revoke CODE [--config FILE]
               community-agent members list [--format csv|json] [--config FILE]
               community-agent members export ACCOUNT [--network NAME] [--config FILE]
               community-agent members forget ACCOUNT [--network NAME] [--config FILE]
               community-agent catalog publish|archive SLUG [--config FILE]
               community-agent subscriptions grant ACCOUNT SLUG [--days N] [--network NAME] [--config FILE]
               community-agent subscriptions revoke ACCOUNT SLUG [--network NAME] [--config FILE]
        (--network defaults to the first network of the configuration)
        """

    static func run(_ subcommand: String, _ arguments: [String]) async -> Int32 {
        let known: Set<String> = ["config", "days", "uses", "valid-days", "network", "status", "course", "format"]
        let parsed: CommandLineOptions
        switch CommandLineOptions.parse(arguments, known: known) {
        case .success(let options): parsed = options
        case .failure(let problem):
            CommandLineInterface.standardError("\(problem.message)\n\(usage)")
            return 2
        }
        let (positional, options) = (parsed.positional, parsed.values)
        let format = TableOutput.Format(rawValue: options["format"] ?? "csv")
        guard let format else {
            CommandLineInterface.standardError("error: --format must be csv or json")
            return 2
        }
        if subcommand == "catalog", positional == ["sample"] {
            // Needs no database: the text is built into the binary.
            print(SampleCatalog.text)
            return 0
        }
        var checked = CheckedConfiguration.consoleDefault()
        if let path = options["config"] {
            // The data commands never connect, so they do not need (or read) network secrets.
            guard let loaded = CheckedConfiguration.load(path: path, secrets: .skip) else { return 1 }
            checked = loaded
        }
        let configuration = checked.configuration
        // What the command changes is logged like the agent's own changes, for the audit trail.
        let log = Logger(label: "command-line", level: configuration.logLevel, sink: StandardErrorLogSink())
        do {
            let services = try await Services.open(configuration, settings: checked.plugins)
            if let table = try await ListCommands.run(subcommand, positional, options: options, services: services) {
                FileHandle.standardOutput.write(Data(table.rendered(as: format).utf8))
                return 0
            }
            switch (subcommand, positional.first) {
            case ("catalog", "import"):
                guard positional.count == 2 else { break }
                return try await importCatalog(positional[1], services)
            case ("catalog", "export"):
                guard positional.count <= 2 else { break }
                let data = try CatalogFile.export(try await services.catalog.courses())
                if positional.count == 2 {
                    try data.write(to: URL(fileURLWithPath: positional[1]))
                } else {
                    FileHandle.standardOutput.write(data + Data("\n".utf8))
                }
                return 0
            case ("codes", "create"):
                guard positional.count == 3, let count = Int(positional[2]) else { break }
                guard let days = optionalInt(options["days"]), let uses = optionalInt(options["uses"]),
                    let validDays = optionalInt(options["valid-days"])
                else {
                    CommandLineInterface.standardError("--days, --uses and --valid-days take whole numbers")
                    return 2
                }
                let codes = try await services.subscriptions.createCodes(
                    for: positional[1], count: count, accessDays: days, uses: uses ?? 1,
                    validDays: validDays, by: "command-line")
                log.info(
                    "codes created",
                    metadata: ["course": positional[1].lowercased(), "count": "\(codes.count)", "by": "command line"])
                print("code,course,uses,access_days,valid_until")
                for code in codes {
                    print(
                        "\(code.code),\(code.courseSlug),\(code.maximumUses),\(code.accessDays.map(String.init) ?? ""),\(code.validUntil.map { $0.formatted(.iso8601) } ?? "")"
                    )
                }
                return 0
            case ("codes", "revoke"):
                guard positional.count == 2 else { break }
                let code = try await services.subscriptions.revokeCode(positional[1])
                log.info(
                    "code withdrawn", metadata: ["code": code.code, "course": code.courseSlug, "by": "command line"])
                print("\(code.code) withdrawn (\(code.uses) of \(code.maximumUses) uses had been taken)")
                return 0
            case ("catalog", "publish"), ("catalog", "archive"):
                guard positional.count == 2 else { break }
                let status: CourseStatus = positional[0] == "publish" ? .published : .archived
                guard try await services.catalog.setStatus(positional[1], status) else {
                    CommandLineInterface.standardError("error: no course \"\(positional[1])\"")
                    return 1
                }
                log.info(
                    "course status changed",
                    metadata: ["course": positional[1].lowercased(), "status": status.rawValue, "by": "command line"])
                print("\(positional[1].lowercased()) is now \(status.rawValue)")
                return 0
            case ("members", "export"), ("members", "forget"):
                guard positional.count == 2 else { break }
                guard let network = network(options, configuration) else { return 2 }
                return try await MemberDataCommands.run(
                    positional[0], Identity(network: network, account: positional[1]), services: services, log: log)
            case ("subscriptions", "grant"), ("subscriptions", "revoke"):
                guard positional.count == 3 else { break }
                guard let network = network(options, configuration) else { return 2 }
                let member = Identity(network: network, account: positional[1])
                if positional[0] == "grant" {
                    guard let days = optionalInt(options["days"]) else {
                        CommandLineInterface.standardError("--days takes a whole number")
                        return 2
                    }
                    let subscription = try await services.subscriptions.grant(
                        member, positional[2], days: days, by: "command-line")
                    let title = try await services.catalog.course(subscription.courseSlug)?.title
                    try await services.members.queueNotice(
                        Subscriptions.grantNotice(
                            title ?? subscription.courseSlug, subscription,
                            prefix: privatePrefix(configuration, on: network), timeZone: configuration.timeZone,
                            language: try await readerLanguage(of: member, services, configuration)),
                        for: member)
                    log.info(
                        "access granted",
                        metadata: ["member": "\(member)", "course": subscription.courseSlug, "by": "command line"])
                    print(
                        "\(member) has \(subscription.courseSlug) \(subscription.endsAt.map { "until \($0.formatted(.iso8601))" } ?? "with no end date")"
                            + " (told privately: within a minute if online, else when next seen within 3 days)"
                    )
                } else {
                    let ended = try await services.subscriptions.cancel(
                        member, positional[2], note: "revoked from the command line")
                    log.info(
                        "access revoked",
                        metadata: [
                            "member": "\(member)", "course": positional[2].lowercased(), "had_access": "\(ended)",
                            "by": "command line",
                        ])
                    print(
                        ended
                            ? "\(member) no longer has \(positional[2].lowercased())"
                            : "\(member) had no active subscription to \(positional[2].lowercased())")
                }
                return 0
            case ("orders", "confirm"):
                guard positional.count == 2 else { break }
                switch try await services.subscriptions.confirmOrder(positional[1]) {
                case .activated(let subscription):
                    let id = positional[1].uppercased()
                    let title = try await services.catalog.course(subscription.courseSlug)?.title
                    try await services.members.queueNotice(
                        Subscriptions.paymentNotice(
                            title ?? subscription.courseSlug, order: id, subscription,
                            prefix: privatePrefix(configuration, on: subscription.member.network),
                            timeZone: configuration.timeZone,
                            language: try await readerLanguage(of: subscription.member, services, configuration)),
                        for: subscription.member)
                    log.info(
                        "order confirmed",
                        metadata: [
                            "order": id, "member": "\(subscription.member)", "course": subscription.courseSlug,
                            "by": "command line",
                        ])
                    print(
                        "confirmed \(id): \(subscription.member) has \(subscription.courseSlug)"
                            + " (told privately: within a minute if online, else when next seen within 3 days)")
                case .alreadyConfirmed(let order):
                    print("order \(order.id) was already \(order.status.rawValue); nothing changed")
                }
                return 0
            default:
                break
            }
        } catch let error as UsageError {
            CommandLineInterface.standardError("error: \(error)")
            return 2
        } catch {
            CommandLineInterface.standardError("error: \(error)")
            return 1
        }
        CommandLineInterface.standardError(usage)
        return 2
    }

    /// The configured network `--network` names (the first network when absent); nil, after
    /// saying why, when there is none by that name.
    private static func network(_ options: [String: String], _ configuration: AgentConfiguration) -> String? {
        let configured = configuration.networks.map(\.name)
        let asked = options["network"] ?? configured.first ?? "console"
        guard let network = configured.first(where: { $0.lowercased() == asked.lowercased() }) else {
            CommandLineInterface.standardError(
                "error: there is no network \"\(asked)\" in the configuration (configured: "
                    + configured.joined(separator: ", ") + ")")
            return nil
        }
        return network
    }

    /// The language a member reads notices in: their own choice, else the community's.
    private static func readerLanguage(
        of identity: Identity, _ services: Services, _ configuration: AgentConfiguration
    ) async throws -> Language {
        try await services.members.profile(of: identity).language.flatMap(Language.init(code:))
            ?? Language(code: configuration.language) ?? .en
    }

    /// The command prefix members see in private messages on `network`.
    private static func privatePrefix(_ configuration: AgentConfiguration, on network: String) -> String {
        configuration.router.prefix(in: .privateChat(with: "", on: network))
    }

    /// nil (absent) → .some(nil); a number → .some(n); anything else → nil.
    private static func optionalInt(_ text: String?) -> Int?? {
        guard let text else { return .some(nil) }
        guard let value = Int(text) else { return nil }
        return .some(value)
    }

    private static func importCatalog(_ path: String, _ services: Services) async throws -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            CommandLineInterface.standardError("error: cannot read \(path)")
            return 1
        }
        switch CatalogFile.parse(data, maximumAccessDays: services.subscriptions.maximumDays) {
        case .success(let courses):
            let report = try await services.catalog.importCourses(courses)
            print("\(path): \(report)")
            if !report.created.isEmpty { print("created: \(report.created.joined(separator: ", "))") }
            if !report.updated.isEmpty { print("updated: \(report.updated.joined(separator: ", "))") }
            return 0
        case .failure(let problems):
            for problem in problems.problems { print("\(path): \(problem)") }
            print("nothing imported: \(problems.problems.count) problem\(problems.problems.count == 1 ? "" : "s")")
            return 1
        }
    }
}
