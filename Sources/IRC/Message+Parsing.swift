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

/// A one-pass, word-at-a-time check for CR, LF, NUL and bytes above 0x7F.
struct ByteScan {
    var hasForbidden = false
    var hasNonASCII = false

    /// Only CR, LF and NUL, with the C library's vectorised search (for text already known to be UTF-8).
    init(forbiddenOnly bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        hasForbidden = memchr(base, 0x0A, bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil
            || memchr(base, 0x00, bytes.count) != nil
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return }
        var forbidden = false
        var high: UInt64 = 0
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            high |= word
            if hasZeroByte(word) || hasZeroByte(word ^ (ones &* 0x0A)) || hasZeroByte(word ^ (ones &* 0x0D)) {
                forbidden = true
            }
            index += 8
        }
        while index < count {
            let byte = base[index]
            high |= UInt64(byte)
            if byte == ASCII.nul || byte == ASCII.lf || byte == ASCII.cr { forbidden = true }
            index += 1
        }
        hasForbidden = forbidden
        hasNonASCII = high & highs != 0
    }
}

/// UTF-8 validity of a byte buffer.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
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
