/// Turns reply text into PRIVMSG or NOTICE messages that each fit the server's line limit once
/// the server has prepended `:nick!user@host `.
///
/// Text is cut at spaces when possible, never inside a UTF-8 sequence or a grapheme cluster
/// (unless one cluster alone is longer than a line); each line break in the text starts a
/// new message; NUL and CR never survive; empty lines are not sent.
public struct LineSplitter: Sendable, Hashable {
    /// The protocol line limit including CRLF (LINELEN, 512 unless the server says otherwise).
    public var lineLimit: Int
    /// Bytes of `:nick!user@host ` the server will put in front of our line.
    public var prefixLength: Int

    /// Creates a splitter for a given line limit and prefix length.
    public init(lineLimit: Int = 512, prefixLength: Int) {
        self.lineLimit = lineLimit
        self.prefixLength = prefixLength
    }

    /// The exact prefix length for a known `nick!user@host`.
    public static func prefixLength(nick: String, user: String, host: String) -> Int {
        1 + nick.utf8.count + 1 + user.utf8.count + 1 + host.utf8.count + 1
    }

    /// A safe upper bound when the host is not known yet: the longer of our nick and NICKLEN,
    /// an 11-byte user (`~` + USERLEN 10) and a 63-byte host.
    public static func assumedPrefixLength(nick: String, nickLength: Int = 30) -> Int {
        1 + max(nick.utf8.count, nickLength) + 1 + 11 + 1 + 63 + 1
    }

    /// Bytes available for text in one `COMMAND target :text` line.
    public func budget(command: IRCCommand, target: String) -> Int {
        lineLimit - 2 - prefixLength - command.verb.utf8.count - 1 - target.utf8.count - 2
    }

    /// The messages that carry `text` to `target`; `action` wraps each piece as a CTCP ACTION.
    public func messages(_ command: IRCCommand, target: String, text: String, action: Bool = false) -> [Message] {
        let overhead = action ? CTCP(command: CTCP.action, argument: "").wrapped.utf8.count + 1 : 0
        let room = max(budget(command: command, target: target) - overhead, 16)
        // Nearly every reply is one clean line that fits: it is the one piece, as it is.
        if !action, text.utf8.count <= room, Self.isOneCleanLine(text) {
            return [Message(command: command, parameters: [target, text])]
        }
        return pieces(of: text, budget: room).map { piece in
            let body = action ? CTCP(command: CTCP.action, argument: piece).wrapped : piece
            return Message(command: command, parameters: [target, body])
        }
    }

    /// `text` cut into pieces of at most `budget` UTF-8 bytes each, following the rules above.
    public func pieces(of text: String, budget: Int) -> [String] {
        precondition(budget > 0, "budget must be positive")
        var result: [String] = []
        for line in Self.lines(of: text) {
            cut(line, budget: budget, into: &result)
        }
        return result
    }

    /// Whether `text` has no line break or NUL and is not blank (so it is one line as it is).
    private static func isOneCleanLine(_ text: String) -> Bool {
        var blank = true
        for byte in text.utf8 {
            if byte == 0 || byte == 0x0A || byte == 0x0D { return false }
            if byte != 0x20 { blank = false }
        }
        return !blank
    }

    /// Splits on LF, CRLF and lone CR; drops NUL and empty lines.
    static func lines(of text: String) -> [Substring] {
        // Nearly every reply is one clean line: one pass over its bytes says so.
        isOneCleanLine(text) ? [text[...]] : splitLines(of: text)
    }

    private static func splitLines(of text: String) -> [Substring] {
        let clean = text.contains("\0") ? text.replacingNUL() : text
        return clean.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            .filter { !$0.allSatisfy { $0 == " " } }
    }

    private func cut(_ line: Substring, budget: Int, into result: inout [String]) {
        var rest = line
        while rest.utf8.count > budget {
            var bytes = 0
            var end = rest.startIndex
            var lastSpace: Substring.Index?
            for index in rest.indices {
                let size = rest[index].utf8.count
                if bytes + size > budget { break }
                if rest[index] == " " { lastSpace = index }
                bytes += size
                end = rest.index(after: index)
            }
            if end == rest.startIndex {
                // One grapheme cluster longer than a line: fall back to Unicode scalar boundaries.
                let (head, tail) = Self.splitScalars(rest, budget: budget)
                result.append(String(head))
                rest = tail
                continue
            }
            if let space = lastSpace, space > rest.startIndex, end < rest.endIndex {
                let head = rest[..<space]
                result.append(String(head.trimmingTrailingSpaces()))
                rest = rest[rest.index(after: space)...]
            } else {
                result.append(String(rest[..<end]))
                rest = rest[end...]
            }
            rest = rest.drop { $0 == " " }
        }
        if !rest.isEmpty { result.append(String(rest)) }
    }

    private static func splitScalars(_ text: Substring, budget: Int) -> (Substring, Substring) {
        var bytes = 0
        var end = text.unicodeScalars.startIndex
        for index in text.unicodeScalars.indices {
            let size = UTF8.width(text.unicodeScalars[index])
            if bytes + size > budget { break }
            bytes += size
            end = text.unicodeScalars.index(after: index)
        }
        if end == text.unicodeScalars.startIndex { end = text.unicodeScalars.index(after: end) }
        return (Substring(text.unicodeScalars[..<end]), Substring(text.unicodeScalars[end...]))
    }
}

extension StringProtocol {
    fileprivate func replacingNUL() -> String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\0" }))
    }

    fileprivate func trimmingTrailingSpaces() -> SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return self[startIndex..<end]
    }
}
