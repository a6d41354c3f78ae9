extension Message {
    /// The line to send, without its line ending.
    ///
    /// Adds ` :` before the last parameter only when it is empty, contains a space or starts
    /// with `:`; escapes tag values; writes tags sorted by key so output is deterministic.
    /// - Throws: `MessageError` for CR, LF or NUL anywhere, an invalid tag key, source or
    ///   command, a middle parameter that is empty, starts with `:` or contains a space, or
    ///   more than 15 parameters.
    public func serialized() throws -> String {
        try serializedLine()
    }

    /// `serialized()` with a typed error, for callers that switch on `MessageError`.
    public func serializedLine() throws(MessageError) -> String {
        guard parameters.count <= 15 else { throw MessageError(.tooManyParameters, "\(parameters.count) parameters") }
        let verb = command.verb
        guard Self.isValidVerb(verb) else { throw MessageError(.invalidCommand, verb) }

        var writer = LineWriter()
        switch tagStorage {
        case .wire(let raw):
            guard let bad = TagParser.firstInvalidKey(in: raw) else {
                writer.append(byte: ASCII.at)
                writer.append(unchecked: raw)
                writer.append(byte: ASCII.space)
                break
            }
            throw MessageError(.invalidTagKey, bad)
        case .decoded(let tags) where !tags.isEmpty:
            writer.append(byte: ASCII.at)
            var first = true
            for key in tags.keys.sorted() {
                guard TagParser.isValidKey(key) else { throw MessageError(.invalidTagKey, key) }
                if !first { writer.append(byte: ASCII.semicolon) }
                first = false
                writer.append(unchecked: key)
                if let value = tags[key], !value.isEmpty {
                    writer.append(byte: ASCII.equals)
                    try TagParser.escape(value, into: &writer)
                }
            }
            writer.append(byte: ASCII.space)
        case .decoded:
            break
        }

        if let source {
            writer.append(byte: ASCII.colon)
            guard !source.isEmpty, writer.append(checked: source) == .clean else {
                throw MessageError(.invalidSource, source)
            }
            writer.append(byte: ASCII.space)
        }

        writer.append(unchecked: verb)

        let last = parameters.count - 1
        for (position, parameter) in parameters.enumerated() {
            writer.append(byte: ASCII.space)
            let first = parameter.utf8.first
            if position == last, parameter.isEmpty || first == ASCII.colon || parameter.utf8.contains(ASCII.space) {
                writer.append(byte: ASCII.colon)
                guard writer.append(checked: parameter) != .forbidden else {
                    throw MessageError(.forbiddenCharacter, parameter)
                }
                continue
            }
            switch writer.append(checked: parameter) {
            case .forbidden: throw MessageError(.forbiddenCharacter, parameter)
            case .space: throw MessageError(.invalidMiddleParameter, parameter)
            case .clean:
                guard !parameter.isEmpty, first != ASCII.colon else {
                    throw MessageError(.invalidMiddleParameter, parameter)
                }
            }
        }
        return writer.string
    }

    private static func isValidVerb(_ verb: String) -> Bool {
        let utf8 = verb.utf8
        guard !utf8.isEmpty else { return false }
        if utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) { return true }
        return utf8.count == 3 && utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}

/// A byte buffer for one outgoing line that reports, while copying, whether a piece held a
/// space or a forbidden byte (CR, LF, NUL).
struct LineWriter {
    enum Check: Equatable { case clean, space, forbidden }

    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(256)
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Copies `text` and reports the worst byte found in it.
    @discardableResult
    mutating func append(checked text: String) -> Check {
        var check = Check.clean
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 where byte <= ASCII.space {
                if byte == ASCII.space {
                    if check == .clean { check = .space }
                } else if byte == ASCII.nul || byte == ASCII.lf || byte == ASCII.cr {
                    check = .forbidden
                }
            }
            bytes.append(contentsOf: utf8)
        }
        return check
    }

    mutating func append(unchecked text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    var string: String {
        String(decoding: bytes, as: UTF8.self)
    }
}
