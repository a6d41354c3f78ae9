import AgentCore
import Foundation
import Storage

/// `community-agent backup FILE [--config FILE]`: a consistent copy of the database, safe while
/// the agent runs (SQLite's online backup), written atomically.
enum BackupCommand {
    static let usage = "usage: community-agent backup FILE [--config FILE]"

    static func run(_ arguments: [String]) async -> Int32 {
        var target: String?
        var configPath: String?
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--config", "-c":
                guard index + 1 < arguments.count else {
                    CommandLineInterface.standardError("--config needs a file\n\(usage)")
                    return 2
                }
                configPath = arguments[index + 1]
                index += 2
            case let argument where argument.hasPrefix("-"):
                CommandLineInterface.standardError("unknown option \(argument)\n\(usage)")
                return 2
            case let argument:
                guard target == nil else {
                    CommandLineInterface.standardError("one backup file only\n\(usage)")
                    return 2
                }
                target = argument
                index += 1
            }
        }
        guard let target else {
            CommandLineInterface.standardError(usage)
            return 2
        }
        var source = AgentConfiguration.consoleDefault().databasePath
        if let configPath {
            guard let checked = CheckedConfiguration.load(path: configPath, secrets: .skip) else { return 1 }
            source = checked.configuration.databasePath
        }
        guard FileManager.default.fileExists(atPath: source) else {
            CommandLineInterface.standardError("error: there is no database at \(source) to back up")
            return 1
        }
        do {
            let database = try Database(path: source)
            try await database.backup(to: target)
            try await database.close()
            let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
            print("backed up \(source) to \(target) (\(size) bytes)")
            return 0
        } catch {
            CommandLineInterface.standardError("error: backup failed: \(error)")
            return 1
        }
    }
}
