public import Foundation

/// A loopback-only ngIRCd (older style: no SASL, no message tags, NICKLEN 9) started for one
/// test in its own temporary directory on a free port, and stopped by PID.
public final class NgIRCdServer: Sendable {
    public let port: Int
    public let directory: URL
    private let process: ChildProcess

    private init(port: Int, directory: URL, process: ChildProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Starts ngIRCd and waits until it accepts connections. A server that exits before it
    /// listens (another test took the free port first) is started again on another port.
    public static func start() async throws -> NgIRCdServer {
        guard let ngircd = Peers.executable("ngircd") else {
            throw Peers.MissingPeer(description: "ngircd is not installed")
        }
        for _ in 0..<3 {
            if let server = try await launch(ngircd) { return server }
        }
        throw Peers.MissingPeer(description: "ngIRCd exited before it listened, three times")
    }

    /// One start on a free port: the server once it listens, nil when it exited first.
    private static func launch(_ ngircd: String) async throws -> NgIRCdServer? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ngircd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Started as root, ngIRCd drops to "nobody", which must still read its files.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let port = Peers.freePorts(count: 1)
        try "Loopback ngIRCd test server.\n".write(
            to: directory.appendingPathComponent("ngircd.motd"), atomically: false, encoding: .utf8)
        let configuration = """
            [Global]
            \tName = irc.ngircd.test
            \tAdminInfo1 = test
            \tAdminInfo2 = loopback
            \tAdminEMail = test@example.invalid
            \tInfo = ngIRCd test server
            \tListen = 127.0.0.1
            \tPorts = \(port)
            \tMotdFile = \(directory.path)/ngircd.motd
            \tNetwork = NgTest
            [Limits]
            \tMaxConnections = 500
            \tMaxConnectionsIP = 200
            \tMaxJoins = 50
            \tMaxNickLength = 9
            \tMaxPenaltyTime = 0
            \tPingTimeout = 120
            \tPongTimeout = 20
            [Options]
            \tDNS = no
            \tIdent = no
            \tPAM = no
            \tRequireAuthPing = no
            """
        let path = directory.appendingPathComponent("ngircd.conf")
        try configuration.write(to: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path.path)
        let process = try ChildProcess(
            ngircd, ["--nodaemon", "--passive", "-f", path.path], directory: directory,
            logFile: directory.appendingPathComponent("ngircd.log"))
        let server = NgIRCdServer(port: port, directory: directory, process: process)
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if Peers.isListening(port) { return server }
            if !process.isRunning {
                await server.tearDown()
                return nil
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await server.tearDown()
        throw Peers.MissingPeer(description: "ngIRCd did not start on port \(port)")
    }

    /// Stops the server by PID and removes its directory.
    public func tearDown() async {
        await process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension NgIRCdServer: TestServer {
    /// Starts a server, runs `body` with it, and always stops it afterwards (also on failure).
    public static func with<T>(_ body: (NgIRCdServer) async throws -> T) async throws -> T {
        try await using(try await start(), body)
    }
}
