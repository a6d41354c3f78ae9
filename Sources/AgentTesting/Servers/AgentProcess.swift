public import Foundation

/// The built `community-agent` executable, run as a separate process the way an operator runs it.
public final class AgentProcess: Sendable {
    public let child: ChildProcess
    public let directory: URL
    public let logFile: URL

    /// The executable next to the test bundle in the build directory, or the one named by
    /// `COMMUNITY_AGENT_EXECUTABLE` (to benchmark another build side by side).
    public static func executable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["COMMUNITY_AGENT_EXECUTABLE"] {
            return URL(fileURLWithPath: path)
        }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ]
        for directory in candidates {
            let url = directory.appendingPathComponent("community-agent")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Peers.MissingPeer(
            description: "community-agent executable not found next to the tests (run swift build first)")
    }

    /// Starts the agent with `configuration` (JSON5 text) written into `directory`.
    public init(
        configuration: String, directory: URL, environment: [String: String] = [:], arguments: [String] = []
    ) throws {
        self.directory = directory
        let configFile = directory.appendingPathComponent("agent.json5")
        try configuration.write(to: configFile, atomically: true, encoding: .utf8)
        logFile = directory.appendingPathComponent("agent-\(UUID().uuidString.prefix(6)).log")
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        child = try ChildProcess(
            try Self.executable().path, ["run", "--config", configFile.path] + arguments, directory: directory,
            logFile: logFile, environment: merged)
    }

    /// Everything the agent logged so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
}
