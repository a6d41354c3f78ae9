import AgentCore

/// The parts of a configuration that a reload cannot apply to the running agent: network
/// connections, storage, the catalog file, the time zone, the log level, the shutdown deadline,
/// the HTTP listener, payments and the plugins' own sections. Command settings and roles apply at once.
enum RestartNeeded {
    /// The configuration keys that changed between `old` and `new` but wait for a restart.
    static func changes(from old: AgentConfiguration, to new: AgentConfiguration) -> [String] {
        var changed: [String] = []
        if old.networks != new.networks { changed.append("networks") }
        if old.databasePath != new.databasePath || old.databaseSynchronous != new.databaseSynchronous {
            changed.append("storage")
        }
        if old.catalogPath != new.catalogPath { changed.append("catalog") }
        if old.timeZone != new.timeZone { changed.append("time_zone") }
        if old.logLevel != new.logLevel { changed.append("log_level") }
        if old.shutdownTimeout != new.shutdownTimeout { changed.append("shutdown_timeout_seconds") }
        if old.plugins != new.plugins { changed.append("plugins") }
        if old.http != new.http { changed.append("http") }
        if old.payments != new.payments { changed.append("payments") }
        return changed
    }
}
