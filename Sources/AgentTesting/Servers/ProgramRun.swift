public import Foundation

/// Runs a program to its end, its output going to temporary files, so a test never blocks a
/// thread of the shared pool (other tests' timers run there) and a chatty program never stalls
/// on a full pipe.
///
/// Started as a `ChildProcess` (not Foundation's `Process`, whose launch walks every open
/// descriptor of the test process and crashed with ~1,350 of them open).
public enum ProgramRun {
    /// What a finished program left.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    /// Runs `executable` with `arguments`, `input` on its standard input; stops it after
    /// `timeout` seconds. With `mergingErrors`, errors are part of `output` in the order they
    /// were written (and `errors` is empty).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: String = "", timeout: Double = 60, mergingErrors: Bool = false
    ) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let files = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
        try Data(input.utf8).write(to: files[0])
        let child = try ChildProcess(
            executable, arguments,
            directory: directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            logFile: files[1], errorFile: mergingErrors ? nil : files[2], environment: environment,
            input: files[0].path)
        let status = await child.exitStatus(within: timeout)
        let output = (try? String(contentsOf: files[1], encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: files[2], encoding: .utf8)) ?? ""
        return Result(status: status, output: output, errors: errors)
    }
}
