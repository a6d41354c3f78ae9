#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one line (already stripped of its line ending, valid UTF-8, free of CR/LF/NUL) into a `Message`.
struct MessageParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parse() throws(MessageError) -> Message {
        skipSpaces()
        guard index < bytes.count else { throw MessageError(.empty) }

        var wireTags: String?
        if bytes[index] == ASCII.at {
            index += 1
            let end = endOfWord()
            let raw = UnsafeBufferPointer(rebasing: bytes[index..<end])
            try TagParser.validate(raw)
            if !raw.isEmpty { wireTags = String(decoding: raw, as: UTF8.self) }
            index = end
            skipSpaces()
        }

        var source: String?
        if index < bytes.count, bytes[index] == ASCII.colon {
            index += 1
            let end = endOfWord()
            guard end > index else { throw MessageError(.invalidSource, text(index, bytes.count)) }
            source = text(index, end)
            index = end
            skipSpaces()
        }

        guard index < bytes.count else { throw MessageError(.missingCommand) }
        let commandEnd = endOfWord()
        let command = try Self.command(UnsafeBufferPointer(rebasing: bytes[index..<commandEnd]))
        index = commandEnd

        var parameters: [String] = []
        parameters.reserveCapacity(4)
        while true {
            skipSpaces()
            guard index < bytes.count else { break }
            if bytes[index] == ASCII.colon {
                parameters.append(text(index + 1, bytes.count))
                break
            }
            if parameters.count == 14 {
                // RFC 1459: the fifteenth parameter is the rest of the line, ':' or not.
                parameters.append(text(index, bytes.count))
                break
            }
            let end = endOfWord()
            parameters.append(text(index, end))
            index = end
        }
        return Message(wireTags: wireTags, source: source, command: command, parameters: parameters)
    }

    private mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == ASCII.space { index += 1 }
    }

    private func endOfWord() -> Int {
        guard index < bytes.count, let base = bytes.baseAddress else { return index }
        guard let found = memchr(base + index, Int32(ASCII.space), bytes.count - index) else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A command is letters (upper-cased here) or exactly three digits.
    private static func command(_ word: UnsafeBufferPointer<UInt8>) throws(MessageError) -> IRCCommand {
        var letters = true
        var digits = true
        var lower = false
        for byte in word {
            switch byte {
            case 0x41...0x5A: digits = false
            case 0x61...0x7A: digits = false; lower = true
            case 0x30...0x39: letters = false
            default: letters = false; digits = false
            }
        }
        let raw = String(decoding: word, as: UTF8.self)
        if letters { return IRCCommand(verb: lower ? raw.uppercased() : raw) }
        if digits && word.count == 3 { return IRCCommand(verb: raw) }
        throw MessageError(.invalidCommand, raw)
    }
}
