public import Foundation
import Synchronization

/// What the built-in commands need to know about the running agent, filled in by the runtime.
public final class AgentInfo: Sendable {
    /// The agent's version string.
    public static let version = "0.1.0"

    /// When the agent started.
    public let startedAt: Date
    /// Who holds which role.
    public let roles: RoleBook
    private let registry = Mutex<(@Sendable () -> CommandRegistry?)?>(nil)
    private let reloader = Mutex<(@Sendable () async -> ReloadOutcome)?>(nil)
    private let memberResolver = Mutex<
        (@Sendable (String, String) async throws -> [(network: String, account: String)])?
    >(nil)

    /// Creates the info for an agent that started at `startedAt`.
    public init(startedAt: Date, roles: RoleBook) {
        self.startedAt = startedAt
        self.roles = roles
    }

    /// Every command as it is in force now (roles from the configuration applied), once the
    /// runtime has built the router.
    public var commands: CommandRegistry? { registry.withLock { $0 }?() ?? nil }

    /// Called by the runtime once the router exists: where the commands in force are read. The
    /// router is not kept alive by this (its commands refer to this info: that would be a cycle).
    public func setCommands(from router: Router) { registry.withLock { $0 = { [weak router] in router?.registry } } }

    /// Installs how to find every identity of the member behind an account (the community's
    /// member directory), for `!role grant … member`.
    public func setMemberIdentities(
        _ resolve: @escaping @Sendable (String, String) async throws -> [(network: String, account: String)]
    ) {
        memberResolver.withLock { $0 = resolve }
    }

    /// Every identity of the member behind `account` on `network`; just that one when no
    /// directory is installed.
    public func memberIdentities(network: String, account: String) async throws -> [(network: String, account: String)]
    {
        guard let resolve = memberResolver.withLock({ $0 }) else { return [(network, account)] }
        return try await resolve(network, account)
    }

    /// Installs what `!reload` and SIGHUP run.
    public func setReloader(_ reload: @escaping @Sendable () async -> ReloadOutcome) {
        reloader.withLock { $0 = reload }
    }

    /// Reloads the configuration; returns a one-line summary.
    public func reload() async -> ReloadOutcome {
        guard let reload = reloader.withLock({ $0 }) else { return .notAvailable }
        return await reload()
    }
}
