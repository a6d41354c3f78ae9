import AgentTesting
import Foundation

/// `curl` and `promtool`, the real clients the HTTP tests use; a failure under CI when missing.
enum HTTPClients {
    /// What curl received: the final status, headers (names lower-cased) and body.
    struct Fetched {
        var status: Int
        var headers: [String: String]
        var body: String
        /// The body parsed as a JSON object.
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Whether curl and promtool are here (throws under CI when they are not).
    static func available() throws -> Bool {
        try Peers.available("curl", "promtool")
    }

    /// Runs `curl -s -i` with `arguments` against `http://127.0.0.1:port` + `path`.
    static func curl(_ port: Int, _ path: String, _ arguments: [String] = []) async throws -> Fetched {
        let run = try await ProgramRun.run(
            Peers.executable("curl") ?? "/usr/bin/curl",
            ["-s", "-S", "-i", "--max-time", "15"] + arguments + ["http://127.0.0.1:\(port)\(path)"], timeout: 30)
        var rest = Substring(run.output)
        var status = 0
        var headers: [String: String] = [:]
        // Skip interim heads (100 Continue); the last head is the response's.
        while rest.hasPrefix("HTTP/"), let end = rest.range(of: "\r\n\r\n") {
            let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")
            status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
            headers = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
            rest = rest[end.upperBound...]
        }
        guard status != 0 else {
            throw Peers.MissingPeer(description: "curl got no HTTP response: \(run.errors)")
        }
        return Fetched(status: status, headers: headers, body: String(rest))
    }

    /// `promtool check metrics` on `text`: its exit status and complaints.
    static func promtool(_ text: String) async throws -> (Int32, String) {
        let run = try await ProgramRun.run(
            Peers.executable("promtool") ?? "/usr/bin/promtool", ["check", "metrics"], input: text, timeout: 30)
        return (run.status, run.errors + run.output)
    }

    /// What promtool lets through and the exposition format still forbids: a family without a
    /// TYPE, a series twice, a histogram without its +Inf bucket or with buckets not cumulative or
    /// a count different from +Inf, a negative counter, no samples at all.
    static func stricterProblems(_ text: String) -> [String] {
        var problems: [String] = []
        var types: [String: String] = [:]
        var seen = Set<String>()
        var buckets: [String: [(bound: Double, value: Double)]] = [:]
        var counts: [String: Double] = [:]
        var samples = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            samples += 1
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                problems.append("unreadable sample: \(line)")
                continue
            }
            let series = String(line[..<space])
            if !seen.insert(series).inserted { problems.append("series twice: \(series)") }
            let name = String(series.prefix { $0 != "{" })
            let family = ["_bucket", "_sum", "_count"].reduce(name) { current, suffix in
                current.hasSuffix(suffix) && types[String(current.dropLast(suffix.count))] == "histogram"
                    ? String(current.dropLast(suffix.count)) : current
            }
            guard let type = types[family] else {
                problems.append("\(family) has no # TYPE line")
                continue
            }
            if type == "counter", value < 0 { problems.append("negative counter \(series)") }
            if type == "histogram", name.hasSuffix("_bucket"), let le = series.range(of: "le=\"") {
                let bound = series[le.upperBound...].prefix { $0 != "\"" }
                buckets[family, default: []].append((bound == "+Inf" ? .infinity : Double(bound) ?? .nan, value))
            }
            if type == "histogram", name.hasSuffix("_count") { counts[family] = value }
        }
        if samples == 0 { problems.append("no samples at all") }
        for (family, list) in buckets {
            guard let infinity = list.last(where: { $0.bound == .infinity }) else {
                problems.append("histogram \(family): no le=\"+Inf\" bucket")
                continue
            }
            let ordered = list.sorted { $0.bound < $1.bound }
            if zip(ordered, ordered.dropFirst()).contains(where: { $0.value > $1.value }) {
                problems.append("histogram \(family): buckets not cumulative")
            }
            if counts[family] != infinity.value { problems.append("histogram \(family): _count differs from +Inf") }
        }
        return problems
    }
}
