/// One HTTP request as the listener received it: the head parsed, the body exactly
/// `Content-Length` bytes.
public struct HTTPRequest: Sendable, Hashable {
    /// The method as sent, e.g. `GET` (methods are case-sensitive).
    public var method: String
    /// The path without the query, still percent-encoded (e.g. `/api/courses/swift-basics`).
    public var path: String
    /// The query's name/value pairs in order, decoded (`+` is a space).
    public var query: [(name: String, value: String)]
    /// Header fields in order; names lower-cased.
    public var headers: [(name: String, value: String)]
    /// The body's raw bytes (empty when there is none).
    public var body: [UInt8]
    /// Whether the client may send another request on this connection.
    public var keepAlive: Bool

    /// Creates a request (the listener parses them; tests may build them).
    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], keepAlive: Bool = true
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }

    /// The first value of a header (name compared without case), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }

    /// The first value of a query parameter, or nil.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The path split into its decoded segments (`/events/ab12.ics` → `["events", "ab12.ics"]`);
    /// nil when a segment is not valid percent-encoded UTF-8.
    public var segments: [String]? {
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = PercentEncoding.decode(Substring(part), plusIsSpace: false) else { return nil }
            result.append(decoded)
        }
        return result
    }

    public static func == (left: HTTPRequest, right: HTTPRequest) -> Bool {
        left.method == right.method && left.path == right.path && left.body == right.body
            && left.keepAlive == right.keepAlive && left.query.elementsEqual(right.query, by: ==)
            && left.headers.elementsEqual(right.headers, by: ==)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
        hasher.combine(body)
    }
}

/// Percent-decoding for URL paths and queries.
public enum PercentEncoding {
    /// Decodes `%XX` escapes (and `+` as a space when asked); nil for a broken escape or bytes
    /// that are not UTF-8.
    public static func decode(_ text: Substring, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace: bytes.append(UInt8(ascii: " "))
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Encodes everything but unreserved characters (RFC 3986) for a query value or path segment.
    public static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
