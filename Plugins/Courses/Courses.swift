public import AgentCore
public import Community
import Foundation

/// Browsing the catalog: `!courses` to search, `!course` for one course; owners publish and archive.
public struct Courses: Plugin {
    public static let id = "courses"

    /// The plugin's settings (`plugins.courses` in the configuration).
    public struct Settings: Sendable {
        /// Result lines listed at most (in a channel, the router moves lines beyond
        /// `commands.max_channel_lines` to a private message).
        public var privateLines: Int

        /// Creates settings; default: at most 40 result lines.
        public init(privateLines: Int = 40) {
            self.privateLines = privateLines
        }
    }

    let catalog: CatalogStore
    let members: MemberDirectory
    let settings: Settings

    /// Creates the plugin over the catalog; views are recorded in `members`.
    public init(catalog: CatalogStore, members: MemberDirectory, settings: Settings = Settings()) {
        self.catalog = catalog
        self.members = members
        self.settings = settings
    }

    public var commands: [Command] {
        coursesCommand
        courseCommand
    }
}
