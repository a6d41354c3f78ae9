import Foundation
import Testing

@testable import Gateways

@Suite("IRCv3 server-time")
struct ServerTimeTests {
    private func foundation(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
    }

    @Test func readsWhatServersSendAsFoundationDoes() throws {
        let samples = [
            "2026-11-25T10:00:00.123Z", "1970-01-01T00:00:00.000Z", "2000-02-29T23:59:59.999Z",
            "2024-02-29T12:00:00.5Z", "1999-12-31T23:59:59.000001Z", "2100-03-01T00:00:00.000Z",
            "2026-01-01T00:00:00.000Z", "2026-12-31T23:59:59.250Z",
        ]
        for text in samples {
            let fast = try #require(ServerTime.parseUTC(text), "\(text)")
            let reference = try #require(foundation(text), "\(text)")
            #expect(abs(fast.timeIntervalSince(reference)) < 0.000_01, "\(text)")
        }
        let whole = try #require(ServerTime.parseUTC("2026-11-25T10:00:00Z"))
        #expect(whole == Date(timeIntervalSince1970: 1_795_600_800))
    }

    @Test func leavesEverythingElseToTheGeneralParser() {
        for text in [
            "2026-11-25T10:00:00+02:00", "2026-11-25 10:00:00Z", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z",
            "2026-11-25T24:00:00Z", "2026-11-25T10:00:00.Z", "2026-11-25T10:00:00,5Z", "yesterday", "",
        ] {
            #expect(ServerTime.parseUTC(text) == nil, "\(text)")
        }
        // An offset is still understood, by Foundation (before, it was read as UTC).
        #expect(
            IRCSession.parseServerTime("2026-11-25T12:00:00.000+02:00") == Date(timeIntervalSince1970: 1_795_600_800))
    }
}
