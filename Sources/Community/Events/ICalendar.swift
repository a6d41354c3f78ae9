public import Foundation

/// Writes events as an RFC 5545 calendar: CRLF line ends, lines folded at 75 octets without
/// splitting a character, TEXT values escaped, times in UTC, one stable UID per event (so a
/// calendar that imports the file again updates rather than duplicates), and SEQUENCE from
/// the event's revision.
public struct ICalendarWriter: Sendable {
    /// The domain part of every UID (`k7mq@community.example`).
    public var domain: String
    /// The calendar's name (`X-WR-CALNAME`).
    public var name: String

    /// A writer for a community.
    public init(domain: String = "community-agent.invalid", name: String = "Community events") {
        self.domain = domain
        self.name = name
    }

    /// The calendar text with `events`, stamped at `now`.
    public func calendar(_ events: [Event], stampedAt now: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Community Agent//Events//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.escape(name),
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(event.id)@\(domain)",
                "DTSTAMP:" + Self.utc(now),
                "DTSTART:" + Self.utc(event.start),
                "DTEND:" + Self.utc(event.end),
                "SEQUENCE:\(event.revision)",
                "STATUS:" + (event.status == .cancelled ? "CANCELLED" : "CONFIRMED"),
                "SUMMARY:" + Self.escape(event.title),
                "LOCATION:" + Self.escape(event.channels.joined(separator: " ") + " on " + event.network),
            ]
            var description = event.description
            if let reason = event.cancelReason, event.status == .cancelled {
                description = description.isEmpty ? "Cancelled: \(reason)" : "\(description)\nCancelled: \(reason)"
            }
            if !description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(description)) }
            if !event.tags.isEmpty { lines.append("CATEGORIES:" + event.tags.map(Self.escape).joined(separator: ",")) }
            lines += ["LAST-MODIFIED:" + Self.utc(event.updatedAt), "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20261201T120000Z`.
    static func utc(_ date: Date) -> String {
        let wall = WallClock(date, in: .gmt)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) % 60
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", wall.year, wall.month, wall.day, wall.hour, wall.minute, seconds)
    }

    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`, other control
    /// characters dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text.replacingOccurrences(of: "\r\n", with: "\n") {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r": result += "\\n"
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
                    result.append(character)
                }
            }
        }
        return result
    }

    /// A content line folded so no physical line exceeds 75 octets; continuation lines start
    /// with one space, and no UTF-8 sequence is split.
    static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = character.utf8.count
            let limit = pieces.isEmpty ? 75 : 74
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}
