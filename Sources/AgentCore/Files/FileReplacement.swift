public import Foundation

/// Writing a file so that readers see either the old contents or the new, never half of it.
///
/// Foundation's atomic writes on Linux stage the bytes in a fresh `TemporaryDirectory.*` folder
/// under `/tmp` and leave that folder behind, one per write; this stages them next to the
/// target instead (same file system, so the final rename is atomic) and leaves nothing behind.
public enum FileReplacement {
    /// Replaces (or creates) the file at `path` with `data`; on failure the old file is untouched
    /// and the staging file is removed.
    public static func write(_ data: Data, to path: String) throws {
        let staging = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try data.write(to: URL(fileURLWithPath: staging))
            guard rename(staging, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            unlink(staging)
            throw error
        }
    }
}
