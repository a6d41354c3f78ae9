/// Reads one request from the front of a connection's received bytes.
///
/// Accepts what HTTP/1.1 clients send (CRLF or bare LF line ends, any header order) and
/// refuses the rest with the right status: a malformed head 400, an oversized head 431, a body
/// over the limit 413, a body without `Content-Length` 411, a chunked body 501, another HTTP
/// version 505.
enum HTTPRequestParser {
    enum Outcome: Equatable {
        /// More bytes are needed.
        case incomplete
        /// A whole request, taking the first `consumed` bytes.
        case request(HTTPRequest, consumed: Int)
        /// The bytes cannot become a request; answer this and close.
        case refused(status: Int, message: String)
    }

    /// Looks for a complete request at the start of `bytes`.
    static func parse(_ bytes: [UInt8], limits: HTTPLimits) -> Outcome {
        // Clients may send empty lines before a request (RFC 9112 §2.2).
        var start = 0
        while start < bytes.count, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
        guard let (headEnd, bodyStart) = endOfHead(bytes, from: start) else {
            if bytes.count - start > limits.maximumHeaderBytes {
                return .refused(status: 431, message: "request header fields too large")
            }
            return .incomplete
        }
        guard headEnd - start <= limits.maximumHeaderBytes else {
            return .refused(status: 431, message: "request header fields too large")
        }
        guard let head = String(validating: bytes[start..<headEnd], as: UTF8.self) else {
            return .refused(status: 400, message: "the request head is not UTF-8")
        }
        // "\r\n" is one Character in Swift: split on it and on a bare "\n".
        var lines = head.split(omittingEmptySubsequences: false) { $0 == "\r\n" || $0 == "\n" }.map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, isToken(parts[0]), parts[1].hasPrefix("/") else {
            return .refused(status: 400, message: "malformed request line")
        }
        let version = parts[2]
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return version.hasPrefix("HTTP/")
                ? .refused(status: 505, message: "only HTTP/1.1 is supported")
                : .refused(status: 400, message: "malformed request line")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":"), isToken(line[..<colon]) else {
                return .refused(status: 400, message: "malformed header field")
            }
            let value = line[line.index(after: colon)...].trimmingSpaces
            guard !value.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 }) else {
                return .refused(status: 400, message: "control character in a header value")
            }
            headers.append((line[..<colon].lowercased(), String(value)))
        }
        let request = headers
        func header(_ name: String) -> [String] { request.filter { $0.name == name }.map(\.value) }

        if !header("transfer-encoding").isEmpty {
            return .refused(status: 501, message: "chunked or encoded bodies are not supported; send Content-Length")
        }
        let method = String(parts[0])
        var length = 0
        let lengths = Set(header("content-length"))
        if lengths.count > 1 { return .refused(status: 400, message: "conflicting Content-Length fields") }
        if let text = lengths.first {
            guard !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(text)
            else { return .refused(status: 400, message: "Content-Length is not a number") }
            length = value
        } else if ["POST", "PUT", "PATCH"].contains(method) {
            return .refused(status: 411, message: "send the body with a Content-Length")
        }
        guard length <= limits.maximumBodyBytes else {
            return .refused(status: 413, message: "the body is larger than \(limits.maximumBodyBytes) bytes")
        }
        guard bytes.count - bodyStart >= length else { return .incomplete }

        let target = parts[1]
        let path: Substring
        var query: [(name: String, value: String)] = []
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            for pair in target[target.index(after: mark)...].split(separator: "&") {
                let (name, value) =
                    pair.firstIndex(of: "=").map { (pair[..<$0], pair[pair.index(after: $0)...]) } ?? (pair, "")
                guard let name = PercentEncoding.decode(name, plusIsSpace: true),
                    let value = PercentEncoding.decode(value, plusIsSpace: true)
                else { return .refused(status: 400, message: "malformed query string") }
                query.append((name, value))
            }
        } else {
            path = target
        }
        let connection = header("connection").joined(separator: ",").lowercased()
        let keepAlive =
            version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        return .request(
            HTTPRequest(
                method: method, path: String(path), query: query, headers: headers,
                body: Array(bytes[bodyStart..<(bodyStart + length)]), keepAlive: keepAlive),
            consumed: bodyStart + length)
    }

    /// Where the head ends (before its blank line) and the body starts.
    private static func endOfHead(_ bytes: [UInt8], from start: Int) -> (Int, Int)? {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                    return (index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    /// RFC 9110 token characters (methods and field names).
    private static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
                }
            }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}

extension HTTPRequestParser.Outcome {
    static func == (left: Self, right: Self) -> Bool {
        switch (left, right) {
        case (.incomplete, .incomplete): true
        case (.request(let a, let x), .request(let b, let y)): a == b && x == y
        case (.refused(let a, let x), .refused(let b, let y)): a == b && x == y
        default: false
        }
    }
}
