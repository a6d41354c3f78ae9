#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Message {
    /// Parses one line as a server or client sends it; a trailing CRLF or LF is allowed.
    ///
    /// - Throws: `MessageError` when the line has no command, an invalid command, an empty
    ///   source, an invalid tag key, or CR, LF or NUL before its end.
    public init(_ line: String) throws {
        var copy = line
        self = try copy.withUTF8 { try Message.parse($0, knownValidUTF8: true) }
    }

    /// Parses one line from raw bytes; bytes that are not UTF-8 are read as Latin-1 for that line.
    ///
    /// - Throws: `MessageError`, as `init(_:)`.
    public init(bytes: some Collection<UInt8>) throws {
        if let parsed = try bytes.withContiguousStorageIfAvailable({ try Message.parse($0, knownValidUTF8: false) }) {
            self = parsed
        } else {
            self = try Array(bytes).withUnsafeBufferPointer { try Message.parse($0, knownValidUTF8: false) }
        }
    }

    /// `init(bytes:)` for an array, without going through the generic collection path.
    public init(bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBufferPointer { try Message.parse($0, knownValidUTF8: false) }
    }

    static func parse(_ input: UnsafeBufferPointer<UInt8>, knownValidUTF8: Bool) throws(MessageError) -> Message {
        var end = input.count
        if end > 0, input[end - 1] == ASCII.lf { end -= 1 }
        if end > 0, input[end - 1] == ASCII.cr { end -= 1 }
        let body = UnsafeBufferPointer(rebasing: input[0..<end])
        let scan = knownValidUTF8 ? ByteScan(forbiddenOnly: body) : ByteScan(body)
        if scan.hasForbidden {
            throw MessageError(.forbiddenCharacter, String(decoding: body, as: UTF8.self))
        }
        if scan.hasNonASCII && !knownValidUTF8 && !UTF8Validation.isValid(body) {
            let latin1 = Latin1.transcodeToUTF8(body)
            return try latin1.withUnsafeBufferPointer { buffer throws(MessageError) in
                var parser = MessageParser(buffer)
                return try parser.parse()
            }
        }
        var parser = MessageParser(body)
        return try parser.parse()
    }
}

/// Byte values the parser and serializer look for.
enum ASCII {
    static let nul: UInt8 = 0x00
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let at: UInt8 = 0x40
    static let backslash: UInt8 = 0x5C
}

/// Checks a line for CR, LF and NUL (with the C library's vectorised search) and, for raw bytes,
/// for bytes above 0x7F (word at a time).
struct ByteScan {
    var hasForbidden = false
    var hasNonASCII = false

    /// Only CR, LF and NUL, with the C library's vectorised search (for text already known to be UTF-8).
    init(forbiddenOnly bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        hasForbidden =
            memchr(base, 0x0A, bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil
            || memchr(base, 0x00, bytes.count) != nil
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.init(forbiddenOnly: bytes)
        guard let base = bytes.baseAddress else { return }
        let highs: UInt64 = 0x8080_8080_8080_8080
        var high: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            high |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(base[index])
            index += 1
        }
        hasNonASCII = high & highs != 0
    }
}

/// UTF-8 validity of a byte buffer (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return false }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}

/// The per-line fallback for text that is not UTF-8: every byte is one Latin-1 character.
enum Latin1 {
    static func transcodeToUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                out.append(0xC0 | (byte >> 6))
                out.append(0x80 | (byte & 0x3F))
            }
        }
        return out
    }
}
