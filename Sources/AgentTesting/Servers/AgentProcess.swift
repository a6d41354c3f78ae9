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

    /// Starts the agent with `configuration` (JSON5 text) written into `directory`; with
    /// `consoleInput`, its standard input is a FIFO that `type(_:)` writes to (for a console
    /// network).
    public init(
        configuration: String, directory: URL, environment: [String: String] = [:], arguments: [String] = [],
        consoleInput: Bool = false
    ) throws {
        self.directory = directory
        let configFile = directory.appendingPathComponent("agent.json5")
        try configuration.write(to: configFile, atomically: false, encoding: .utf8)
        logFile = directory.appendingPathComponent("agent-\(UUID().uuidString.prefix(6)).log")
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        var input = "/dev/null"
        if consoleInput {
            let fifo = directory.appendingPathComponent("console-\(UUID().uuidString.prefix(6))")
            guard mkfifo(fifo.path, 0o600) == 0 else {
                throw Peers.MissingPeer(description: "cannot make a FIFO at \(fifo.path)")
            }
            // Opened for reading and writing, so neither side waits for the other to open it.
            consoleWriter = open(fifo.path, O_RDWR)
            input = fifo.path
        } else {
            consoleWriter = -1
        }
        child = try ChildProcess(
            try Self.executable().path, ["run", "--config", configFile.path] + arguments, directory: directory,
            logFile: logFile, environment: merged, input: input)
    }

    private let consoleWriter: Int32

    deinit {
        if consoleWriter >= 0 { close(consoleWriter) }
    }

    /// Types a line on the agent's console (started with `consoleInput: true`).
    public func type(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(consoleWriter, $0.baseAddress, $0.count) }
    }

    /// Waits until the log (which holds the console's output) has a line matching `pattern`;
    /// returns that line.
    public func waitForLine(matching pattern: String, seconds: Double = 10) async throws -> String {
        let regex = try Regex(pattern)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = log.split(separator: "\n").last(where: { $0.contains(regex) }) { return String(line) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Peers.MissingPeer(description: "no console line matched \(pattern) within \(seconds) s")
    }

    /// Everything the agent logged so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
}
