import Foundation

/// `community-bench <name>`: runs one benchmark and prints its numbers.
let arguments = Array(CommandLine.arguments.dropFirst())
let benchmarks: [String: @Sendable () async throws -> Void] = [
    "parse": { try ParseBenchmark.run() },
    "receive": { try await ReceiveBenchmark.run() },
    "connect": { try await ConnectBenchmark.run() },
    "commands": { try await CommandsBenchmark.run(Array(arguments.dropFirst())) },
    "engagement": { try await EngagementBenchmark.run(Array(arguments.dropFirst())) },
    "http": { try await HTTPBenchmark.run(Array(arguments.dropFirst())) },
]

guard let name = arguments.first, let benchmark = benchmarks[name] else {
    print("usage: community-bench <\(benchmarks.keys.sorted().joined(separator: "|"))>")
    exit(2)
}
do {
    try await benchmark()
} catch {
    // A failed run (a server that would not start, a bot that did not answer) is a message and
    // exit status 1, not a crash report.
    FileHandle.standardError.write(Data("community-bench \(name): \(error)\n".utf8))
    exit(1)
}
