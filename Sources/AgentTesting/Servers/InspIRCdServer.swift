public import Foundation
import IRC

/// A loopback-only InspIRCd 3 (with Atheme services for accounts and SASL) started for one
/// test in its own temporary directory on free ports, and stopped by PID.
///
/// Ports: plaintext `port`, TLS `port + 1` (self-signed certificate in `caFile`), services link
/// `port + 2`. Accounts are registered with NickServ before `start` returns.
public final class InspIRCdServer: Sendable {
    /// Flood protection like a public network (`strict`), one that disconnects flooders
    /// (`killflood`), or none to speak of (`bench`).
    public enum FloodMode: String, Sendable {
        case strict
        case killflood
        case bench
    }

    /// How to start the server.
    public struct Options: Sendable {
        public var mode: FloodMode = .bench
        public var tls = false
        public var services = true
        public var accounts: [(name: String, password: String)] = [
            ("botacct", "botacct-pw"), ("modacct", "modacct-pw"),
        ]
        /// Seconds between the server's own PINGs.
        public var pingFrequency = 120
        /// Modules to load besides the usual ones (e.g. `muteban`).
        public var extraModules: [String] = []
        /// The defaults: no flood limits to speak of, services on, no TLS, two accounts.
        public init() {}

        /// A bare server (no services, so no SASL or accounts) with the given flood protection.
        public static func withoutServices(mode: FloodMode = .bench) -> Options {
            var options = Options()
            options.services = false
            options.mode = mode
            return options
        }
    }

    public let port: Int
    public var tlsPort: Int { port + 1 }
    public let directory: URL
    /// The self-signed certificate (also the CA to trust), when TLS is on.
    public let caFile: String?
    public let options: Options
    private let processes: ProcessBox

    private final class ProcessBox: @unchecked Sendable {
        // Mutated only by start/stop/restart, which tests call sequentially.
        var ircd: ChildProcess?
        var services: ChildProcess?
    }

    /// The operator credentials configured on the server.
    public static let operatorName = "harnessoper"
    public static let operatorPassword = "harnessoper-pw"

    private init(port: Int, directory: URL, caFile: String?, options: Options) {
        self.port = port
        self.directory = directory
        self.caFile = caFile
        self.options = options
        self.processes = ProcessBox()
    }

    /// Starts a server; throws when it does not come up (with the tail of its log).
    public static func start(_ options: Options = Options()) async throws -> InspIRCdServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "inspircd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var caFile: String?
        if options.tls {
            caFile = try await makeCertificate(in: directory)
        }
        let server = InspIRCdServer(
            port: Peers.freePorts(count: 3), directory: directory, caFile: caFile, options: options)
        do {
            try await server.launch()
            try await server.registerAccounts()
        } catch {
            await server.tearDown()
            throw error
        }
        return server
    }

    /// The PID of the IRC server process (changes on restart).
    public var ircdPID: Int32? { processes.ircd?.pid }

    private func launch() async throws {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)  // InspIRCd may crash on SIGTERM with TLS; no core files
        try InspIRCdConfig.write(self)
        guard let inspircd = Peers.executable("inspircd") else {
            throw Peers.MissingPeer(description: "inspircd is not installed")
        }
        var arguments = ["--config", directory.appendingPathComponent("inspircd.conf").path, "--nofork", "--nopid"]
        if getuid() == 0 { arguments.append("--runasroot") }
        processes.ircd = try ChildProcess(
            inspircd, arguments, directory: directory, logFile: directory.appendingPathComponent("inspircd.out"))
        try await waitUntil("InspIRCd to listen on \(port)", seconds: 15) { Peers.isListening(self.port) }
        guard options.services else { return }
        guard let atheme = Peers.executable("atheme-services") else {
            throw Peers.MissingPeer(description: "atheme-services is not installed")
        }
        processes.services = try ChildProcess(
            atheme,
            [
                "-n", "-c", directory.appendingPathComponent("atheme.conf").path, "-D", directory.path,
                "-l", directory.appendingPathComponent("atheme.run.log").path, "-p",
                directory.appendingPathComponent("atheme.pid").path,
            ],
            directory: directory, logFile: directory.appendingPathComponent("atheme.out"))
        try await waitUntil("services to link (sasl in CAP LS)", seconds: 20) {
            await (try? TestIRCClient.capabilities(port: self.port))?.contains { $0.hasPrefix("sasl") } ?? false
        }
    }

    private func registerAccounts() async throws {
        guard options.services else { return }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in options.accounts {
                group.addTask {
                    let client = try await TestIRCClient.connect(port: self.port, nick: account.name)
                    defer { client.close() }
                    client.send("PRIVMSG NickServ :REGISTER \(account.password) \(account.name)@example.invalid")
                    _ = try await client.waitFor(seconds: 10) { message in
                        message.command == .notice
                            && (message.parameters.last?.contains("is now registered") == true
                                || message.parameters.last?.contains("already registered") == true)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Stops services and server (SIGTERM, then SIGKILL after 5 s).
    public func stop() async {
        await processes.services?.stop()
        await processes.ircd?.stop()
    }

    /// Stops and starts again on the same ports and directory; the accounts exist afterwards
    /// (registered again when Atheme did not save them on shutdown).
    public func restart() async throws {
        await stop()
        try await waitUntil("port \(port) to be free", seconds: 10) { Peers.isFree(self.port) }
        try await launch()
        try await registerAccounts()
    }

    /// Stops everything and removes the directory.
    public func tearDown() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func waitUntil(_ what: String, seconds: Double, _ condition: @Sendable () async -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return }
            if let ircd = processes.ircd, !ircd.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("inspircd.out"), encoding: .utf8)) ?? ""
        throw Peers.MissingPeer(description: "timed out waiting for \(what); inspircd output:\n\(log.suffix(2000))")
    }

    private static func makeCertificate(in directory: URL) async throws -> String {
        let tls = directory.appendingPathComponent("tls")
        try FileManager.default.createDirectory(at: tls, withIntermediateDirectories: true)
        guard let openssl = Peers.executable("openssl") else {
            throw Peers.MissingPeer(description: "openssl is not installed")
        }
        let run = try await ProgramRun.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", tls.appendingPathComponent("key.pem").path, "-out",
                tls.appendingPathComponent("cert.pem").path,
            ])
        guard run.status == 0 else {
            throw Peers.MissingPeer(description: "openssl could not make a test certificate: \(run.errors)")
        }
        return tls.appendingPathComponent("cert.pem").path
    }
}

extension InspIRCdServer: TestServer {
    /// Starts a server, runs `body` with it, and always stops it afterwards (also on failure).
    public static func with<T>(
        _ options: Options = Options(), _ body: (InspIRCdServer) async throws -> T
    ) async throws -> T {
        try await using(try await start(options), body)
    }
}
