public import Foundation

/// Where a secret comes from: an environment variable or a file. The value itself never
/// appears in the configuration file or in logs.
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    case file(String)

    /// Reads `<name>_env` / `<name>_file` from `reader`; a problem when both or an inline value are given.
    static func read(_ name: String, from reader: ConfigReader) -> SecretSource? {
        let env = reader.string("\(name)_env")
        let file = reader.string("\(name)_file")
        if reader.value(name) != nil {
            reader.problem(
                name, "secrets are not accepted inline",
                hint: "put it in an environment variable (\(name)_env) or a file (\(name)_file)")
        }
        switch (env, file) {
        case (let env?, nil): return .environment(env)
        case (nil, let file?): return .file(file)
        case (_?, _?):
            reader.problem("\(name)_env", "give either \(name)_env or \(name)_file, not both")
            return nil
        default: return nil
        }
    }

    /// The secret's value, or a problem saying why it cannot be read.
    public func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Result<String, ConfigProblem> {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                return .failure(
                    ConfigProblem(
                        path: "", message: "variable \(name) is not set",
                        hint: "export \(name)=… before starting the agent"))
            }
            return .success(value)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(
                    ConfigProblem(
                        path: "", message: "cannot read secret file \(path)", hint: "check the path and its permissions"
                    ))
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else {
                return .failure(ConfigProblem(path: "", message: "secret file \(path) is empty"))
            }
            return .success(value)
        }
    }

    /// Names the source without revealing the value.
    public var description: String {
        switch self {
        case .environment(let name): "$\(name)"
        case .file(let path): "file \(path)"
        }
    }
}
