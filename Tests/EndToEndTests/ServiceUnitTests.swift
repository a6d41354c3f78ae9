import AgentTesting
import Foundation
import Testing

/// The shipped systemd unit and the layout the README installs it with, checked without a
/// running systemd: the unit passes `systemd-analyze verify`, and its ExecStartPre/ExecStart
/// work as an unprivileged user with a read-only configuration directory and a private state
/// directory.
@Suite("systemd unit")
struct ServiceUnitTests {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The unit with the installed paths pointed at a test layout.
    func unit(binary: String, root: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent("Config/community-agent.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/community-agent", with: binary)
            .replacingOccurrences(of: "/etc/community-agent", with: root + "/etc/community-agent")
            .replacingOccurrences(of: "/var/lib/community-agent", with: root + "/var/lib/community-agent")
    }

    /// A value of a `Key=` line of the unit.
    func values(of key: String, in unit: String) -> [String] {
        unit.split(separator: "\n").filter { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    @Test func theUnitVerifies() async throws {
        guard try Peers.available("systemd-analyze") else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("community-agent.service")
        try unit(binary: try AgentProcess.executable().path, root: directory.path).write(
            to: file, atomically: false, encoding: .utf8)
        let result = try await Self.run(["/usr/bin/env", "systemd-analyze", "verify", file.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains(file.lastPathComponent), "\(result.output)")
    }

    @Test func itsCommandsRunAsAnUnprivilegedUserWithTheDocumentedLayout() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("layout-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let etc = root.appendingPathComponent("etc/community-agent")
        let state = root.appendingPathComponent("var/lib/community-agent")
        let manager = FileManager.default
        try manager.createDirectory(at: etc, withIntermediateDirectories: true)
        try manager.createDirectory(at: state, withIntermediateDirectories: true)
        for directory in [
            root, root.appendingPathComponent("etc"), etc, root.appendingPathComponent("var"),
            root.appendingPathComponent("var/lib"),
        ] {
            try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        // As the README says: the configuration (no secrets) readable by all, the database in
        // the state directory, the catalog next to the configuration.
        try manager.copyItem(
            at: repository.appendingPathComponent("Config/catalog.example.json5"),
            to: etc.appendingPathComponent("catalog.json5"))
        let config = etc.appendingPathComponent("agent.json5")
        try """
        { storage: { path: "\(state.path)/community-agent.sqlite" }, catalog: "catalog.json5",
          networks: [ { name: "local", type: "console" } ] }
        """.write(to: config, atomically: false, encoding: .utf8)
        for file in [config, etc.appendingPathComponent("catalog.json5")] {
            try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        }
        // systemd makes the state directory the dynamic user's, mode 0700; as root, the test
        // plays that user with `nobody`.
        let asNobody = getuid() == 0
        if asNobody {
            guard let nobody = getpwnam("nobody") else {
                Issue.record("no user nobody to run as")
                return
            }
            #expect(chown(state.path, nobody.pointee.pw_uid, nobody.pointee.pw_gid) == 0)
        }
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: state.path)

        let text = try unit(binary: try AgentProcess.executable().path, root: root.path)
        let user = asNobody ? ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : []
        for key in ["ExecStartPre", "ExecStart"] {
            let command = try #require(values(of: key, in: text).first).split(separator: " ").map(String.init)
            let result = try await Self.run(user + command, in: state)
            #expect(result.status == 0, "\(key): \(result.output)")
        }
        #expect(manager.fileExists(atPath: state.appendingPathComponent("community-agent.sqlite").path))
        #expect(!manager.fileExists(atPath: etc.appendingPathComponent("community-agent.sqlite").path))
    }

    /// Runs a program with stdin empty; its status and combined output. Generous: `systemd-analyze
    /// verify` loads every unit and is slow on a busy machine.
    static func run(_ arguments: [String], in directory: URL? = nil) async throws -> (status: Int32, output: String) {
        let run = try await ProgramRun.run(
            arguments[0], Array(arguments.dropFirst()), directory: directory, timeout: 90, mergingErrors: true)
        return (run.status, run.output)
    }
}
