import AgentCore
import AgentTesting
import Foundation
import Testing

@testable import Gateways

/// The listener on real loopback sockets, with short limits so the bad clients end quickly.
@Suite struct HTTPListenerTests {
    static func start(
        _ limits: HTTPLimits = HTTPLimits(),
        handler: @escaping HTTPListener.Handler = { request in
            if request.path == "/big" { return .text(200, String(repeating: "x", count: 8 * 1024 * 1024)) }
            if request.path == "/slow" { try? await Task.sleep(for: .milliseconds(300)) }
            return .text(200, "\(request.method) \(request.path) \(request.body.count)")
        }
    ) throws -> HTTPListener {
        try HTTPListener.start(
            host: "127.0.0.1", port: 0, limits: limits,
            log: Logger(label: "t", level: .error, sink: CapturingLogSink()),
            handler: handler)
    }

    static var quick: HTTPLimits {
        var limits = HTTPLimits()
        limits.requestTimeout = 1
        limits.idleTimeout = 30
        limits.writeTimeout = 1
        limits.maximumConnections = 8
        return limits
    }

    @Test func servesSeveralRequestsOnOneKeptAliveConnection() async throws {
        let listener = try Self.start()
        let client = try await RawHTTPClient.connect(port: listener.port)
        for path in ["/a", "/b", "/c"] {
            let response = try await client.get(path)
            #expect(response.status == 200)
            #expect(response.text == "GET \(path) 0")
            #expect(response.headers["connection"] == "keep-alive")
            #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
        }
        #expect(listener.requestsHandled == 3)
        await listener.stop()
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        let listener = try Self.start()
        let client = try await RawHTTPClient.connect(port: listener.port)
        try await client.send(
            "GET /slow HTTP/1.1\r\n\r\nPOST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcHEAD /h HTTP/1.1\r\n\r\n")
        #expect(try await client.response().text == "GET /slow 0")
        #expect(try await client.response().text == "POST /p 3")
        let head = try await client.response(headOnly: true)
        #expect(head.body.isEmpty && head.headers["content-length"] == "8")
        await listener.stop()
    }

    @Test func garbageGetsA400AndTheNextClientIsServed() async throws {
        let listener = try Self.start(Self.quick)
        let bad = try await RawHTTPClient.connect(port: listener.port)
        try await bad.send([0x16, 0x03, 0x01, 0x00, 0xFF, 0x0D, 0x0A, 0x0D, 0x0A])
        let refused = try await bad.response()
        #expect(refused.status == 400)
        #expect(refused.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(refused.text.hasPrefix("{\"error\":"))
        #expect(try await bad.closes(within: 2))
        let good = try await RawHTTPClient.connect(port: listener.port)
        #expect(try await good.get("/ok").status == 200)
        await listener.stop()
    }

    @Test func aSlowDripGets408WhileOthersAreServed() async throws {
        var limits = Self.quick
        limits.requestTimeout = 2
        let listener = try Self.start(limits)
        let slow = try await RawHTTPClient.connect(port: listener.port)
        let started = ContinuousClock.now
        try await slow.send("GET /slowloris HTTP/1.1\r\nX-A: 1\r\n")
        let other = try await RawHTTPClient.connect(port: listener.port)
        // Drips stop well before the deadline: bytes arriving after the server closed would
        // reset the connection and lose its 408.
        while ContinuousClock.now - started < .milliseconds(600) {
            try await slow.send("X-B: 2\r\n")
            #expect(try await other.get("/other").status == 200)
            try await Task.sleep(for: .milliseconds(150))
        }
        let late = try await slow.response(timeout: 5)
        #expect(late.status == 408)
        #expect(try await slow.closes(within: 2))
        await listener.stop()
    }

    @Test func anIdleConnectionIsClosed() async throws {
        var limits = Self.quick
        limits.idleTimeout = 1
        let listener = try Self.start(limits)
        // Never used: closed after the idle time (a request racing a loaded machine's
        // scheduler could find it closed already, so none is sent).
        let idle = try await RawHTTPClient.connect(port: listener.port)
        #expect(try await idle.closes(within: 10))
        for _ in 0..<40 where listener.openConnections > 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(listener.openConnections == 0)
        await listener.stop()
    }

    @Test func aClientThatNeverReadsIsDroppedAndOthersAreServed() async throws {
        let limits = Self.quick
        let listener = try Self.start(limits)
        let stuck = try await RawHTTPClient.connect(port: listener.port, receiveBuffer: 4096)
        try await stuck.send("GET /big HTTP/1.1\r\n\r\n")
        let other = try await RawHTTPClient.connect(port: listener.port)
        for _ in 0..<5 {
            #expect(try await other.get("/other").status == 200)
            try await Task.sleep(for: .milliseconds(100))
        }
        // The stuck client's response stalls; after the write timeout its connection goes.
        var open = listener.openConnections
        for _ in 0..<40 where open > 1 {
            try await Task.sleep(for: .milliseconds(100))
            open = listener.openConnections
        }
        #expect(open == 1)
        #expect(try await other.get("/still").status == 200)
        await listener.stop()
    }

    @Test func beyondTheConnectionLimitA503() async throws {
        let limits = Self.quick
        let listener = try Self.start(limits)
        var clients: [RawHTTPClient] = []
        for _ in 0..<8 { clients.append(try await RawHTTPClient.connect(port: listener.port)) }
        #expect(try await clients[7].get("/eighth").status == 200)
        let extra = try await RawHTTPClient.connect(port: listener.port)
        let refused = try await extra.response()
        #expect(refused.status == 503)
        #expect(listener.refusedConnections == 1)
        #expect(try await clients[0].get("/first").status == 200)
        await listener.stop()
    }

    @Test func stopClosesEveryConnection() async throws {
        let listener = try Self.start()
        let client = try await RawHTTPClient.connect(port: listener.port)
        #expect(try await client.get("/x").status == 200)
        await listener.stop()
        #expect(try await client.closes(within: 2))
    }
}
