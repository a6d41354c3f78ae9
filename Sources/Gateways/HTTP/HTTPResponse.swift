import Foundation

/// One HTTP response: status, headers and a body of known length. Every response carries a
/// `Content-Type`; errors are short JSON objects `{"error": "…"}`.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields besides `Content-Length`, `Connection` and `Date` (the listener adds those).
    public var headers: [(name: String, value: String)]
    /// The body (never sent for HEAD requests, though its length is).
    public var body: [UInt8]
    /// Close the connection after this response even when the client could keep it open.
    public var closesConnection: Bool

    /// Creates a response with a content type.
    public init(
        status: Int, contentType: String, body: [UInt8], headers: [(name: String, value: String)] = [],
        closesConnection: Bool = false
    ) {
        self.status = status
        self.headers = [("Content-Type", contentType)] + headers
        self.body = body
        self.closesConnection = closesConnection
    }

    /// A JSON document already encoded.
    public static func json(_ status: Int, _ body: [UInt8], headers: [(name: String, value: String)] = []) -> Self {
        HTTPResponse(status: status, contentType: "application/json; charset=utf-8", body: body, headers: headers)
    }

    /// A value encoded as JSON with sorted keys (stable output for clients and caches).
    public static func json(_ status: Int, encoding value: some Encodable) -> Self {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return .json(status, Array(try encoder.encode(value)) + [0x0A])
        } catch {
            return .error(500, "could not encode the response")
        }
    }

    /// `{"error": message}` with the status.
    public static func error(_ status: Int, _ message: String, closesConnection: Bool = false) -> Self {
        var response = HTTPResponse.json(status, encoding: ["error": message])
        response.closesConnection = closesConnection
        return response
    }

    /// Plain UTF-8 text.
    public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8") -> Self {
        HTTPResponse(status: status, contentType: contentType, body: Array(text.utf8))
    }

    /// The first value of a header set on this response, or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The status line's reason phrase.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 204: "No Content"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }

    /// The bytes on the wire: status line, headers (with `Content-Length`, `Connection` and
    /// `Date` added), blank line, and the body unless `headOnly`.
    func serialized(keepAlive: Bool, headOnly: Bool, date: String) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers {
            head += "\(name): \(value.onOneLine)\r\n"
        }
        // 204 and 304 carry no body and no length.
        if status != 204, status != 304 { head += "Content-Length: \(body.count)\r\n" }
        head += "Date: \(date)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if !headOnly, status != 204, status != 304 { bytes += body }
        return bytes
    }

    public static func == (left: HTTPResponse, right: HTTPResponse) -> Bool {
        left.status == right.status && left.body == right.body && left.closesConnection == right.closesConnection
            && left.headers.elementsEqual(right.headers, by: ==)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(body)
    }
}
