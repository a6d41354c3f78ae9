import AgentCore
import Community
import Foundation
import Gateways
import Storage
import Synchronization

/// Starts the agent: reads the configuration (or uses the console default), opens the
/// database, builds plugins and gateways, and runs until a signal stops it.
enum RunCommand {
    static func run(_ options: RunOptions) async -> Int32 {
        let sink = StandardErrorLogSink()
        var checked = CheckedConfiguration.consoleDefault()
        if let path = options.configPath {
            guard let loaded = CheckedConfiguration.load(path: path, secrets: .resolve) else {
                CommandLineInterface.standardError(
                    "not starting: fix the configuration (community-agent check-config \(path))")
                return 1
            }
            checked = loaded
        }
        var configuration = checked.configuration
        let pluginSettings = checked.plugins
        if let level = options.logLevel { configuration.logLevel = level }
        let log = Logger(label: "agent", level: configuration.logLevel, sink: sink)

        do {
            let services = try await Services.open(configuration, settings: pluginSettings)
            let database = services.database
            try await services.seedCatalog(configuration, usingSample: options.configPath == nil, log: log)
            let roles = try await RoleBook(database: database, configured: configuration.roles)
            var clock: any AgentClock = SystemClock()
            if let specification = ProcessInfo.processInfo.environment["COMMUNITY_AGENT_VIRTUAL_CLOCK"] {
                guard let scaled = ScaledClock(specification: specification) else {
                    log.error(
                        "COMMUNITY_AGENT_VIRTUAL_CLOCK is not VIRTUAL-EPOCH,REAL-EPOCH,SPEED",
                        metadata: ["value": specification])
                    return 1
                }
                clock = scaled
                log.warning(
                    "virtual clock in use (for tests only): time runs faster than the wall clock",
                    metadata: ["speed": "\(scaled.speed)", "now": scaled.now.formatted(.iso8601)])
            }
            let info = AgentInfo(startedAt: clock.now, roles: roles)
            let members = services.members
            info.setMemberIdentities { network, account in
                try await members.identities(of: members.member(of: Identity(network: network, account: account))).map {
                    (network: $0.network, account: $0.account)
                }
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = configuration.timeZone
            let memory = try await NetworkMemory(database: database)
            let gateways = configuration.networks.map { network in
                GatewayFactory.make(
                    network, log: log, memory: memory,
                    language: configuration.router.languageOverrides[IdentityKey.network(network.name)]
                        ?? configuration.router.language)
            }
            let plugins: [any Plugin] =
                [CoreCommands(info: info)]
                + services.plugins(
                    configuration, settings: pluginSettings, clock: clock,
                    roleOf: { network, account in roles.role(network: network, account: account) }, log: log)
            let agent = try await Agent(
                gateways: gateways, plugins: plugins, settings: configuration.router, roles: roles,
                info: info, database: database, clock: clock, calendar: calendar, log: log)
            agent.router.setMemberLanguages(ProfileLanguages(members: members))
            let reloader = Reloader(
                path: options.configPath, running: checked.configuration, agent: agent, roles: roles, log: log)
            info.setReloader { await reloader.reload() }
            try await OperatorListener.start(
                configuration, settings: pluginSettings, services: services, agent: agent, log: log)
            let signals = SignalHandlers(
                agent: agent, info: info, log: log, shutdownTimeout: configuration.shutdownTimeout)
            signals.install()
            if configuration.networks.isEmpty {
                log.warning("no networks configured: the agent will connect nowhere; stop it with SIGTERM or Ctrl-C")
            }
            log.info(
                "agent started",
                metadata: [
                    "version": AgentInfo.version, "database": configuration.databasePath,
                    "networks": configuration.networks.map(\.name).joined(separator: ","),
                ])
            let report = await agent.run()
            // The member directory holds its data owners weakly: every service lives as long as the run.
            withExtendedLifetime((signals, services)) {}
            return report.isClean ? ExitStatus.stopped : ExitStatus.stoppedLate
        } catch {
            log.error("could not start", metadata: ["error": "\(error)"])
            return 1
        }
    }
}

/// What the exit status of `community-agent run` means (documented in the README).
enum ExitStatus {
    /// Stopped on request; every step finished in time and the database was closed.
    static let stopped: Int32 = 0
    /// Stopped on request, but a command was still running or the database did not close.
    static let stoppedLate: Int32 = 3
    /// The shutdown deadline passed (or a second stop signal came) and the process was ended.
    static let forced: Int32 = 4
}

/// Re-reads the configuration file and applies what can change without reconnecting.
final class Reloader: Sendable {
    private let path: String?
    private let agent: Agent
    private let roles: RoleBook
    private let log: Logger
    /// The configuration in force (the last one applied).
    private let current: Mutex<AgentConfiguration>

    init(path: String?, running configuration: AgentConfiguration, agent: Agent, roles: RoleBook, log: Logger) {
        self.path = path
        self.agent = agent
        self.roles = roles
        self.log = log
        self.current = Mutex(configuration)
    }

    /// Applies the file's command settings and roles; names (in the reply and the log) what
    /// changed but waits for a restart. A file with problems changes nothing.
    func reload() async -> ReloadOutcome {
        guard let path else {
            return .noFile
        }
        let (checked, problems) = CheckedConfiguration.check(path: path, secrets: .resolve)
        guard let checked, problems.isEmpty else {
            log.error(
                "reload refused: configuration has problems",
                metadata: ["problems": problems.map(\.description).joined(separator: "; ")])
            return .refused(problems: problems.count, path: path)
        }
        let configuration = checked.configuration
        agent.router.update(configuration.router)
        roles.setConfigured(configuration.roles)
        let waiting = current.withLock { running in
            let changes = RestartNeeded.changes(from: running, to: configuration)
            running.router = configuration.router
            running.roles = configuration.roles
            return changes
        }
        log.notice("configuration reloaded", metadata: ["path": path, "applied": "commands, roles"])
        guard waiting.isEmpty else {
            let keys = waiting.joined(separator: ", ")
            log.warning("configuration changes need a restart", metadata: ["keys": keys])
            return .applied(needsRestart: waiting)
        }
        return .applied(needsRestart: [])
    }
}

/// SIGINT/SIGTERM: graceful shutdown within the configured deadline (a second one, or the
/// deadline passing, ends the process at once with `ExitStatus.forced`); SIGHUP: reload.
final class SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    init(agent: Agent, info: AgentInfo, log: Logger, shutdownTimeout: Double) {
        var sources: [any DispatchSourceSignal] = []
        let stopping = Mutex(false)
        for (number, action) in [(SIGINT, "stop"), (SIGTERM, "stop"), (SIGHUP, "reload")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                guard action == "stop" else {
                    Task {
                        let outcome = await info.reload()
                        log.notice("SIGHUP: \(outcome.text(in: .en))")
                    }
                    return
                }
                let again = stopping.withLock { stopping in
                    defer { stopping = true }
                    return stopping
                }
                if again {
                    log.warning("second stop signal: exiting now", metadata: ["signal": "\(number)"])
                    exit(ExitStatus.forced)
                }
                log.notice(
                    "signal received; shutting down",
                    metadata: ["signal": "\(number)", "deadline_s": "\(shutdownTimeout)"])
                DispatchQueue.global().asyncAfter(deadline: .now() + shutdownTimeout + 2) {
                    log.error(
                        "shutdown did not finish in time; exiting now", metadata: ["deadline_s": "\(shutdownTimeout)"])
                    exit(ExitStatus.forced)
                }
                Task { await agent.shutdown(message: "Community Agent shutting down", within: shutdownTimeout) }
            }
            sources.append(source)
        }
        self.sources = sources
    }

    func install() {
        for source in sources { source.resume() }
    }
}

/// Members' chosen languages, read from their profiles.
struct ProfileLanguages: MemberLanguages {
    let members: MemberDirectory

    func language(of speaker: Speaker) async -> Language? {
        guard let account = speaker.account else { return nil }
        let profile = try? await members.profile(of: Identity(network: speaker.network, account: account))
        return profile?.language.flatMap(Language.init(code:))
    }
}
