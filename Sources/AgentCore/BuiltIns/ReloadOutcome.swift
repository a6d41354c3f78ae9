/// What reloading the configuration did.
public enum ReloadOutcome: Sendable, Hashable {
    /// This agent has no reloader (tests, tools).
    case notAvailable
    /// The agent was started without a configuration file.
    case noFile
    /// The file has problems; nothing changed.
    case refused(problems: Int, path: String)
    /// Command settings and roles were applied; `needsRestart` names the keys that changed but
    /// wait for a restart.
    case applied(needsRestart: [String])

    /// The outcome in `language`, one line.
    public func text(in language: Language) -> String {
        switch self {
        case .notAvailable: CoreMessages.text("reload.notAvailable", in: language)
        case .noFile: CoreMessages.text("reload.noFile", in: language)
        case .refused(let problems, let path):
            CoreMessages.text("reload.refused", ["count": .number(problems), "path": .text(path)], in: language)
        case .applied(let keys) where keys.isEmpty: CoreMessages.text("reload.applied", in: language)
        case .applied(let keys):
            CoreMessages.text("reload.appliedRestart", ["keys": .list(keys)], in: language)
        }
    }
}
