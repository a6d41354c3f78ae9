import AgentCore
import Community
import Foundation
import Gateways
import OperatorAPI
import Storage
import Synchronization

/// `community-bench http [seconds] [--serve SECONDS]`: requests per second and latency
/// percentiles of `/metrics` and `/healthz` on the operator listener, with 50 kept-alive
/// connections on loopback (driven from two threads of their own). With `--serve`, it only
/// serves for that long and prints the port, so `wrk` can drive the same endpoints.
enum HTTPBenchmark {
    static func run(_ arguments: [String]) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-http-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try Database(path: directory.appendingPathComponent("http.sqlite").path)
        let catalog = try await CatalogStore(database: database)
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/catalog.example.json5")
        _ = try await catalog.importCourses(try CatalogFile.parse(try Data(contentsOf: sample)).get())
        let members = try await MemberDirectory(database: database)
        let subscriptions = try await SubscriptionService(database: database, catalog: catalog, members: members)
        // Some community to count: 2,000 members with orders and subscriptions.
        for index in 0..<2_000 {
            let member = Identity(network: "bench", account: "member\(index)")
            _ = try await subscriptions.subscribe(member, to: index % 2 == 0 ? "swift-basics" : "go-microservices")
        }
        let log = Logger(label: "bench", level: .error, sink: StandardErrorLogSink())
        let agent = try await Agent(
            gateways: [], plugins: [], settings: RouterSettings(),
            roles: try await RoleBook(database: database, configured: []), info: nil, database: database,
            clock: SystemClock(), calendar: Calendar(identifier: .gregorian), log: log)
        let services = OperatorSurface.Dependencies(
            database: database, catalog: catalog, subscriptions: subscriptions, members: members,
            events: try await EventService(database: database, members: members),
            moderation: try await ModerationService(database: database, members: members),
            engagement: try await EngagementService(database: database, members: members),
            recommendations: try await RecommendationService(database: database, catalog: catalog, members: members),
            tokens: try await APITokens(database: database), calendar: ICalendarWriter())
        let surface = OperatorSurface(
            services: services, agent: agent, payments: PaymentsConfiguration(), networks: ["bench"], log: log
        ) { _, _ in }
        let listener = try surface.listen(host: "127.0.0.1", port: 0)
        if let index = arguments.firstIndex(of: "--serve"), index + 1 < arguments.count,
            let seconds = Double(arguments[index + 1])
        {
            FileHandle.standardOutput.write(Data("serving on \(listener.address) for \(Int(seconds)) s\n".utf8))
            try await Task.sleep(for: .seconds(seconds))
            await listener.stop()
            return
        }
        let seconds = arguments.first.flatMap(Double.init) ?? 5
        for path in ["/metrics", "/healthz", "/api/courses"] {
            let result = try await drive(port: listener.port, path: path, connections: 50, seconds: seconds)
            print(
                "\(path): \(result.requests) requests in \(String(format: "%.1f", seconds)) s over 50 connections: "
                    + "\(Int(Double(result.requests) / seconds)) req/s, p50 \(micro(result.percentile(0.5))), "
                    + "p99 \(micro(result.percentile(0.99))), max \(micro(result.percentile(1))), "
                    + "errors \(result.errors), bytes/response \(result.bytesPerResponse)")
        }
        print("resident memory after: \(EngagementBenchmark.residentMegabytes()) MB")
        await listener.stop()
        try await database.close()
    }

    struct Result {
        var requests = 0
        var errors = 0
        var latencies: [Double] = []
        var bytesPerResponse = 0

        func percentile(_ fraction: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
        }
    }

    static func micro(_ seconds: Double) -> String {
        seconds >= 0.001 ? String(format: "%.2f ms", seconds * 1000) : String(format: "%.0f µs", seconds * 1e6)
    }

    /// Keeps `connections` connections busy for `seconds`, one request in flight on each.
    static func drive(port: Int, path: String, connections: Int, seconds: Double) async throws -> Result {
        let threads = 2
        let results = Mutex<[Result]>([])
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let remaining = Mutex(threads)
            for thread in 0..<threads {
                let share = connections / threads + (thread < connections % threads ? 1 : 0)
                Thread {
                    let result = ClientLoop.run(port: port, path: path, connections: share, seconds: seconds)
                    results.withLock { $0.append(result) }
                    if remaining.withLock({ count -> Bool in
                        count -= 1
                        return count == 0
                    }) {
                        continuation.resume()
                    }
                }.start()
            }
        }
        return results.withLock { parts in
            parts.reduce(into: Result()) { total, part in
                total.requests += part.requests
                total.errors += part.errors
                total.latencies += part.latencies
                total.bytesPerResponse = max(total.bytesPerResponse, part.bytesPerResponse)
            }
        }
    }
}

/// One client thread: non-blocking sockets in a poll loop, a GET on each as soon as the last
/// response is complete.
enum ClientLoop {
    struct Connection {
        var socket: Int32
        var sentAt = ContinuousClock.now
        var buffer: [UInt8] = []
    }

    static func run(port: Int, path: String, connections count: Int, seconds: Double) -> HTTPBenchmark.Result {
        var result = HTTPBenchmark.Result()
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        var connections: [Connection] = []
        for _ in 0..<count {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                result.errors += 1
                Glibc.close(socket)
                continue
            }
            var one: Int32 = 1
            setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            connections.append(Connection(socket: socket))
        }
        defer { for connection in connections { Glibc.close(connection.socket) } }
        func send(_ index: Int) {
            connections[index].sentAt = .now
            _ = request.withUnsafeBytes { Glibc.send(connections[index].socket, $0.baseAddress, $0.count, 0) }
        }
        for index in connections.indices { send(index) }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var descriptors = connections.map { pollfd(fd: $0.socket, events: Int16(POLLIN), revents: 0) }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            guard poll(&descriptors, nfds_t(descriptors.count), 100) > 0 else { continue }
            for index in descriptors.indices where descriptors[index].revents != 0 {
                let received = recv(connections[index].socket, &chunk, chunk.count, 0)
                guard received > 0 else {
                    result.errors += 1
                    descriptors[index].fd = -1
                    continue
                }
                connections[index].buffer += chunk[0..<received]
                if let length = completeLength(connections[index].buffer) {
                    result.latencies.append((ContinuousClock.now - connections[index].sentAt).inSeconds)
                    result.requests += 1
                    result.bytesPerResponse = length
                    if !connections[index].buffer.starts(with: Array("HTTP/1.1 200".utf8)) { result.errors += 1 }
                    connections[index].buffer.removeFirst(length)
                    send(index)
                }
            }
        }
        return result
    }

    /// The length of the first whole response in `buffer`, or nil.
    static func completeLength(_ buffer: [UInt8]) -> Int? {
        guard let end = buffer.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).lowercased()
        guard let range = head.range(of: "content-length: ") else { return nil }
        let length = Int(head[range.upperBound...].prefix { $0.isNumber }) ?? 0
        let total = end.upperBound + length
        return buffer.count >= total ? total : nil
    }
}
