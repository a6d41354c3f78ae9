import Foundation

/// What reading a configuration file needs besides the file: the environment secrets come
/// from, the directory relative paths start at, and whether secrets are read at all.
struct LoadContext {
    var environment: [String: String]
    /// The configuration file's directory; nil for text that has no file (tests).
    var directory: URL?
    var secrets: SecretHandling

    /// `path` as an absolute path: unchanged when it already is one (or `~/…`), otherwise
    /// resolved against the configuration file's directory.
    func absolute(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        guard let directory, !expanded.hasPrefix("/") else { return expanded }
        return directory.appendingPathComponent(expanded).standardizedFileURL.path
    }
}
