import Foundation
import Testing

/// `community-agent when`: the contract of the issue — the instant as ISO-8601 in UTC and in the
/// zone, or exit 2 with a clarifying question.
@Suite("when command")
struct WhenCommandTests {
    static func when(_ arguments: [String]) async throws -> (Int32, String) {
        let directory = try LifecycleTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await LifecycleTests.runTool(["when"] + arguments, in: directory)
    }

    @Test func printsTheInstantInUTCAndInTheZone() async throws {
        let (status, output) = try await Self.when(
            ["明晚8点", "--now", "2026-11-28T10:00:00+08:00", "--tz", "Asia/Shanghai"])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.first == "2026-11-29T12:00:00Z")
        #expect(
            lines.dropFirst().first?.hasPrefix("2026-11-29T20:00:00+08:00 Asia/Shanghai (Sun 29 Nov 20:00 CST)") == true
        )
    }

    @Test func asksInsteadOfGuessing() async throws {
        let (status, output) = try await Self.when(
            ["2026-03-08 02:30", "--now", "2026-03-01T00:00:00Z", "--tz", "America/New_York"])
        #expect(status == 2)
        #expect(output.contains("does not exist in America/New_York"), "\(output)")
        let (ambiguous, question) = try await Self.when(["01/02 10:00", "--tz", "Europe/Berlin"])
        #expect(ambiguous == 2)
        #expect(question.contains("Which is the month in 01/02?"), "\(question)")
        let (badZone, zoneOutput) = try await Self.when(["tomorrow 8pm", "--tz", "Mars/Olympus"])
        #expect(badZone == 2)
        #expect(zoneOutput.contains("unknown time zone"))
    }

    @Test func aRuleListsItsNextOccurrencesOnTheZonesClocks() async throws {
        let (status, output) = try await Self.when(
            ["every monday 09:00", "--now", "2026-03-20T00:00:00Z", "--tz", "Europe/Berlin"])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "every mon 09:00 (Europe/Berlin)")
        #expect(
            lines.dropFirst().map { String($0.prefix(20)) } == [
                "2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z",
            ])
    }
}
