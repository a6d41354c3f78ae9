#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// IRCv3 message-tags: reading the `@…` section and escaping values both ways.
enum TagParser {
    /// Checks the wire form `key=value;key2;+vendor/key=x`: every non-empty item needs a key.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws(MessageError) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            let end =
                memchr(base + start, Int32(ASCII.semicolon), bytes.count - start)
                .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
            if end > start, base[start] == ASCII.equals {
                throw MessageError(
                    .invalidTagKey, String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
            start = end + 1
        }
    }

    /// Decodes the wire form into a dictionary; a repeated key keeps the last value.
    static func decode(_ raw: String) -> [String: String] {
        var tags: [String: String] = [:]
        forEachItem(in: raw) { key, value in tags[key] = value() }
        return tags
    }

    /// The unescaped value of `key` in the wire form (the last one when repeated), or nil.
    static func value(of wanted: String, in raw: String) -> String? {
        var found: String?
        forEachItem(in: raw) { key, value in
            if key == wanted { found = value() }
        }
        return found
    }

    /// The first key in the wire form that `isValidKey` rejects, or nil when all are valid.
    static func firstInvalidKey(in raw: String) -> String? {
        var bad: String?
        forEachItem(in: raw) { key, _ in
            if bad == nil, !isValidKey(key) { bad = key }
        }
        return bad
    }

    private static func forEachItem(in raw: String, _ body: (String, () -> String) -> Void) {
        var raw = raw
        raw.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != ASCII.semicolon { end += 1 }
                var equals = start
                while equals < end, bytes[equals] != ASCII.equals { equals += 1 }
                if equals > start {
                    let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<equals]), as: UTF8.self)
                    let valueStart = min(equals + 1, end)
                    body(key) { unescape(UnsafeBufferPointer(rebasing: bytes[valueStart..<end])) }
                }
                start = end + 1
            }
        }
    }

    /// Undoes value escaping: `\:` `\s` `\\` `\r` `\n`; a lone trailing `\` is dropped, `\x` reads as `x`.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(ASCII.backslash) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard byte == ASCII.backslash else { out.append(byte); continue }
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case ASCII.colon: out.append(ASCII.semicolon)
            case UInt8(ascii: "s"): out.append(ASCII.space)
            case UInt8(ascii: "r"): out.append(ASCII.cr)
            case UInt8(ascii: "n"): out.append(ASCII.lf)
            default: out.append(escaped)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes a value for the wire; throws for NUL, which no escape can carry.
    static func escape(_ value: String, into out: inout LineWriter) throws(MessageError) {
        for byte in value.utf8 {
            switch byte {
            case ASCII.semicolon: out.append(unchecked: "\\:")
            case ASCII.space: out.append(unchecked: "\\s")
            case ASCII.backslash: out.append(unchecked: "\\\\")
            case ASCII.cr: out.append(unchecked: "\\r")
            case ASCII.lf: out.append(unchecked: "\\n")
            case ASCII.nul: throw MessageError(.forbiddenCharacter, "NUL in tag value")
            default: out.append(byte: byte)
            }
        }
    }

    /// Whether `key` is `[+][vendor/]name` with a name of letters, digits and hyphens.
    static func isValidKey(_ key: String) -> Bool {
        var utf8 = Substring(key).utf8
        if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        let name: Substring.UTF8View
        if let slash = utf8.lastIndex(of: UInt8(ascii: "/")) {
            let vendor = utf8[utf8.startIndex..<slash]
            guard !vendor.isEmpty,
                vendor.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
            else { return false }
            name = utf8[utf8.index(after: slash)...]
        } else {
            name = utf8
        }
        return !name.isEmpty && name.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
