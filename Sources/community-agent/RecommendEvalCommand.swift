import AgentCore
import Community
import Foundation

/// `community-agent recommend-eval --split DIR --out FILE [--threads N] [--config FILE]`: the
/// offline evaluation contract of `../shared/recs/README.md` §2. Reads only `DIR/public/`,
/// writes `member_id,rank,course_id` (up to 10 per member, for every member) and prints one JSON
/// line with the timings and sizes.
enum RecommendEvalCommand {
    static let usage = "usage: community-agent recommend-eval --split DIR --out FILE [--threads N] [--config FILE]"

    static func run(_ arguments: [String]) async -> Int32 {
        guard
            case .success(let parsed) = CommandLineOptions.parse(
                arguments, known: ["split", "out", "threads", "config"]),
            parsed.positional.isEmpty, let split = parsed.values["split"], let out = parsed.values["out"]
        else {
            CommandLineInterface.standardError(usage)
            return 2
        }
        let options = parsed.values
        var weights = RecommenderWeights()
        if let path = options["config"] {
            guard let checked = CheckedConfiguration.load(path: path, secrets: .skip) else { return 1 }
            weights = checked.plugins.recommendations
        }
        do {
            let clock = ContinuousClock()
            var input: RecommenderInput?
            let load = try clock.measure {
                input = try readSplit(URL(fileURLWithPath: split).appendingPathComponent("public"))
            }
            guard let input else { return 1 }
            guard let threads = Int(options["threads"] ?? "1"), (1...64).contains(threads) else {
                CommandLineInterface.standardError("--threads takes a whole number from 1 to 64\n\(usage)")
                return 2
            }
            var model: Recommender?
            let fit = clock.measure { model = Recommender(fitting: input, weights: weights) }
            guard let model else { return 1 }

            // `recommend_s` is the answers' computation; writing them out as CSV (like reading
            // the split, in `load_s`) is not counted.
            var answers: [[Recommender.Item]] = []
            let recommend = clock.measure { answers = model.recommendAll(count: 10, threads: threads) }
            var lines = ["member_id,rank,course_id"]
            lines.reserveCapacity(input.members.count * 10 + 1)
            for (member, items) in zip(input.members, answers) {
                for (rank, item) in items.enumerated() {
                    lines.append("\(member.id),\(rank + 1),\(item.course)")
                }
            }
            try FileReplacement.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: out)
            // One member at a time, as the running agent asks (fresh working rows each time).
            var single: [Double] = []
            for member in input.members.prefix(2_000) {
                let elapsed = clock.measure { _ = model.recommend(for: member.id, count: 10) }
                single.append(seconds(elapsed, digits: 6))
            }
            single.sort()
            let report: [String: Any] = [
                "load_s": seconds(load), "fit_s": seconds(fit), "recommend_s": seconds(recommend),
                "peak_rss_mb": peakResidentMegabytes(), "model_mb": (Double(model.storedBytes) / 1_048_576).rounded(),
                "threads": threads,
                "one_member_p50_ms": single.isEmpty ? 0 : (single[single.count / 2] * 1e6).rounded() / 1000,
                "one_member_p99_ms": single.isEmpty
                    ? 0 : (single[min(single.count - 1, single.count * 99 / 100)] * 1e6).rounded() / 1000,
                "members": input.members.count,
                "courses": input.courses.count, "events": input.events.count,
            ]
            let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: json, as: UTF8.self))
            return 0
        } catch {
            CommandLineInterface.standardError("error: \(error)")
            return 1
        }
    }

    /// `public/members.csv`, `courses.csv`, `train.csv` and the request time from `split.json`.
    static func readSplit(_ directory: URL) throws -> RecommenderInput {
        func read(_ name: String) throws -> CSVFile {
            CSVFile(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        }
        let split = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("split.json")))
        guard let cutoff = (split as? [String: Any])?["cutoff"] as? Double else {
            throw CSVFile.CSVError(message: "split.json has no cutoff")
        }
        let members = try read("members.csv")
        let (memberID, level, interests) = (
            try members.column("member_id"), try members.column("level"), try members.column("interests")
        )
        let courses = try read("courses.csv")
        let (courseID, courseLevel, tags, published) = (
            try courses.column("course_id"), try courses.column("level"), try courses.column("tags"),
            try courses.column("published_at")
        )
        let train = try read("train.csv")
        let (eventMember, eventCourse, kind, at) = (
            try train.column("member_id"), try train.column("course_id"), try train.column("event"),
            try train.column("ts")
        )
        return RecommenderInput(
            members: members.rows.compactMap { row in
                guard let id = Int64(row[memberID]) else { return nil }
                return RecommenderInput.Member(
                    id: id, level: CourseLevel(rawValue: row[level]),
                    interests: row[interests].split(separator: ";").map(String.init))
            },
            courses: courses.rows.compactMap { row in
                guard let id = Int64(row[courseID]), let level = CourseLevel(rawValue: row[courseLevel]) else {
                    return nil
                }
                return RecommenderInput.Course(
                    id: id, tags: row[tags].split(separator: ";").map(String.init), level: level,
                    publishedAt: Date(timeIntervalSince1970: Double(row[published]) ?? 0))
            },
            events: train.rows.compactMap { row in
                guard let member = Int64(row[eventMember]), let course = Int64(row[eventCourse]),
                    let kind = InteractionKind(rawValue: row[kind]), let seconds = Double(row[at])
                else { return nil }
                return RecommenderInput.Event(
                    member: member, course: course, kind: kind, at: Date(timeIntervalSince1970: seconds))
            },
            now: Date(timeIntervalSince1970: cutoff))
    }

    private static func seconds(_ duration: Duration, digits: Int = 3) -> Double {
        let value = duration.inSeconds
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    /// The peak resident set (VmHWM) from /proc/self/status, in MB.
    private static func peakResidentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return -1 }
        return kilobytes / 1024
    }
}
