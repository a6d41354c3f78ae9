import Community
import Foundation
import Testing

/// Recurring rules: what they read, their canonical text, and their next occurrences in the
/// rule's zone — across daylight-saving changes the wall-clock time stays.
@Suite("Recurring rules")
struct RecurrenceTests {
    static func occurrences(_ rule: String, in zone: TimeZone, from start: String, count: Int) throws -> [String] {
        let recurrence = try Recurrence(parsing: rule, zone: zone)
        var date = TimeParserTests.instant(start, in: zone)
        var result: [String] = []
        for _ in 0..<count {
            date = recurrence.next(after: date)
            result.append(WallClock(date, in: zone).description)
        }
        return result
    }

    @Test func weeklyRulesKeepTheirWallClockTimeAcrossTheChange() throws {
        // Berlin changes on 29 March 2026: every Monday stays 09:00 local, so 08:00 then 07:00 UTC.
        let berlin = TimeParserTests.berlin
        #expect(
            try Self.occurrences("every monday 09:00", in: berlin, from: "2026-03-20 12:00", count: 3) == [
                "2026-03-23 09:00", "2026-03-30 09:00", "2026-04-06 09:00",
            ])
        let recurrence = try Recurrence(parsing: "every monday 09:00", zone: berlin)
        let first = recurrence.next(after: TimeParserTests.instant("2026-03-20 12:00", in: berlin))
        let second = recurrence.next(after: first)
        #expect(second.timeIntervalSince(first) == 7 * 86_400 - 3_600)
    }

    @Test func everyKindOfRule() throws {
        let shanghai = TimeParserTests.shanghai
        let saturday = TimeParserTests.saturday
        #expect(
            try Self.occurrences("every weekday 08:30", in: shanghai, from: saturday, count: 3) == [
                "2026-11-30 08:30", "2026-12-01 08:30", "2026-12-02 08:30",
            ])
        #expect(
            try Self.occurrences("first friday of the month 20:00", in: shanghai, from: saturday, count: 2) == [
                "2026-12-04 20:00", "2027-01-01 20:00",
            ])
        #expect(
            try Self.occurrences("last sunday of the month 10:00", in: shanghai, from: saturday, count: 2) == [
                "2026-11-29 10:00", "2026-12-27 10:00",
            ])
        #expect(
            try Self.occurrences("每周一 9:00", in: shanghai, from: saturday, count: 2) == [
                "2026-11-30 09:00", "2026-12-07 09:00",
            ])
        #expect(
            try Self.occurrences("每月最后一个周日 上午10点", in: shanghai, from: saturday, count: 1) == [
                "2026-11-29 10:00"
            ])
        #expect(
            try Self.occurrences("every mon, thu 7pm", in: shanghai, from: saturday, count: 3) == [
                "2026-11-30 19:00", "2026-12-03 19:00", "2026-12-07 19:00",
            ])
    }

    @Test func theCanonicalTextReadsBackToTheSameRule() throws {
        let zone = TimeParserTests.newYork
        for text in [
            "every monday 09:00", "every weekday 08:30", "first friday of the month 20:00",
            "last sunday of the month 10:00", "每周一 9:00", "every mon and thu 7pm", "每天 8点", "every weekend 10:00",
        ] {
            let rule = try Recurrence(parsing: text, zone: zone)
            #expect(try Recurrence(parsing: rule.description, zone: zone) == rule, "\(text) → \(rule)")
            #expect(
                try Recurrence(parsing: rule.chineseDescription, zone: zone) == rule,
                "\(text) → \(rule.chineseDescription)")
        }
        #expect(try Recurrence(parsing: "每周一 9:00", zone: zone).description == "every mon 09:00")
        #expect(try Recurrence(parsing: "every mon and thu 7pm", zone: zone).chineseDescription == "每周一、四 19:00")
        #expect(
            try Recurrence(parsing: "last sunday of the month 10:00", zone: zone).chineseDescription
                == "每月最后一个周日 10:00")
        #expect(try Recurrence(parsing: "every weekday 08:30", zone: zone).chineseDescription == "每个工作日 08:30")
    }

    @Test func aTimeInsideTheGapFiresJustAfterIt() throws {
        // 02:30 does not exist in New York on Sunday 8 March 2026.
        let zone = TimeParserTests.newYork
        #expect(
            try Self.occurrences("every sunday 02:30", in: zone, from: "2026-03-01 12:00", count: 2) == [
                "2026-03-08 03:30", "2026-03-15 02:30",
            ])
    }

    @Test func notARule() {
        for text in ["every", "every banana 9:00", "every monday", "every monday 8", "first monday 9:00"] {
            #expect(throws: TimeProblem.self, "\(text)") { try Recurrence(parsing: text, zone: .gmt) }
        }
        #expect(Recurrence.looksLikeRule("every monday 09:00"))
        #expect(Recurrence.looksLikeRule("每周一 9:00"))
        #expect(!Recurrence.looksLikeRule("tomorrow 8pm"))
    }
}
