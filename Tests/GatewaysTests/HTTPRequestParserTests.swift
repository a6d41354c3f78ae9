import Testing

@testable import Gateways

@Suite struct HTTPRequestParserTests {
    let limits = HTTPLimits()

    func parse(_ text: String) -> HTTPRequestParser.Outcome {
        HTTPRequestParser.parse(Array(text.utf8), limits: limits)
    }

    @Test func readsAGetWithQueryAndHeaders() throws {
        let text = "GET /api/courses?q=swift+ui&tag=%E5%B9%B6%E5%8F%91&empty HTTP/1.1\r\nHost: x\r\nX-A:  b \r\n\r\n"
        guard case .request(let request, let consumed) = parse(text) else {
            Issue.record("not parsed: \(parse(text))")
            return
        }
        #expect(consumed == text.utf8.count)
        #expect(request.method == "GET")
        #expect(request.path == "/api/courses")
        #expect(request.queryValue("q") == "swift ui")
        #expect(request.queryValue("tag") == "并发")
        #expect(request.queryValue("empty") == "")
        #expect(request.header("x-a") == "b")
        #expect(request.keepAlive)
    }

    @Test func waitsForTheWholeHeadAndBody() {
        #expect(parse("GET / HTTP/1.1\r\nHost: x\r\n") == .incomplete)
        #expect(parse("POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nab") == .incomplete)
        guard case .request(let request, _) = parse("POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcdeGET") else {
            Issue.record("body not read")
            return
        }
        #expect(request.body == Array("abcde".utf8))
    }

    @Test func acceptsBareLineFeedsAndLeadingBlankLines() {
        guard case .request(let request, _) = parse("\r\nGET /healthz HTTP/1.1\nHost: x\n\n") else {
            Issue.record("not parsed")
            return
        }
        #expect(request.path == "/healthz")
    }

    @Test func refusesWhatCannotBeARequest() {
        func status(_ text: String) -> Int? {
            if case .refused(let status, _) = parse(text) { return status }
            return nil
        }
        #expect(status("hello world\r\n\r\n") == 400)
        #expect(status("GET http://x/ HTTP/1.1\r\n\r\n") == 400)
        #expect(status("GET / HTTP/2.0\r\n\r\n") == 505)
        #expect(status("GET / HTTP/1.1\r\nBad Header\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\n folded: x\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\n\r\n") == 411)
        #expect(status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") == 501)
        #expect(status("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n") == 413)
        #expect(status("GET /a%zz?x=%E5 HTTP/1.1\r\n\r\n") == 400)
    }

    @Test func refusesAnOversizedHeadBeforeItEnds() {
        let head = "GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 17 * 1024)
        if case .refused(let status, _) = parse(head) {
            #expect(status == 431)
        } else {
            Issue.record("an endless head must be refused")
        }
    }

    @Test func connectionCloseAndHTTP10EndKeepAlive() {
        if case .request(let request, _) = parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") {
            #expect(!request.keepAlive)
        }
        if case .request(let request, _) = parse("GET / HTTP/1.0\r\n\r\n") { #expect(!request.keepAlive) }
        if case .request(let request, _) = parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") {
            #expect(request.keepAlive)
        }
    }

    @Test func responsesNeverCarryLineBreaksInHeaders() {
        var response = HTTPResponse.text(200, "hi")
        response.headers.append(("X-Evil", "a\r\nSet-Cookie: b"))
        let wire = String(decoding: response.serialized(keepAlive: true, headOnly: false, date: "D"), as: UTF8.self)
        #expect(wire.contains("X-Evil: a  Set-Cookie: b\r\nContent-Length"))
        #expect(wire.hasSuffix("\r\n\r\nhi"))
        let head = String(decoding: response.serialized(keepAlive: false, headOnly: true, date: "D"), as: UTF8.self)
        #expect(head.contains("Content-Length: 2\r\n") && head.hasSuffix("Connection: close\r\n\r\n"))
    }
}
