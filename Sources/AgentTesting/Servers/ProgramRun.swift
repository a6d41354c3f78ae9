public import Foundation

/// Runs a program to its end on a thread of its own, its output going to temporary files, so a
/// test never blocks a thread of the shared pool (other tests' timers run there) and a chatty
/// program never stalls on a full pipe.
public enum ProgramRun {
    /// What a finished program left.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
    }

    /// Runs `executable` with `arguments`, `input` on its standard input; stops it after
    /// `timeout` seconds.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: String = "", timeout: Double = 60
    ) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let files = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
        try Data(input.utf8).write(to: files[0])
        for file in files.dropFirst() { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try FileHandle(forWritingTo: files[2])
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let deadline = Date().addingTimeInterval(timeout)
                while process.isRunning {
                    if Date() > deadline { process.terminate() }
                    Thread.sleep(forTimeInterval: 0.01)
                }
                continuation.resume(returning: process.terminationStatus)
            }
            thread.start()
        }
        let output = (try? String(contentsOf: files[1], encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: files[2], encoding: .utf8)) ?? ""
        return Result(status: status, output: output, errors: errors)
    }
}
