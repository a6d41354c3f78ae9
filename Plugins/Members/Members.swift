public import AgentCore
public import Community
import Foundation
public import PluginSupport

/// Who a member is: their identities across networks (`!whoami`, `!link`, `!unlink`) and the
/// profile every feature reads (`!profile`, `!timezone`, `!lang`, `!interests`, `!level`,
/// `!nudges`, `!reminders`), and their data rights (`!mydata`, `!forgetme`).
public struct Members: Plugin {
    public static let id = "members"

    /// The plugin's settings: the community's defaults for what members have not set.
    public struct Settings: Sendable {
        /// Defaults for time zone, language, nudges and reminders.
        public var defaults: ProfileDefaults
        /// Where `!mydata` links point (the HTTP listener as members reach it); nil: no listener.
        public var dataLinkBase: String?

        /// Creates settings with `defaults`.
        public init(defaults: ProfileDefaults = ProfileDefaults(), dataLinkBase: String? = nil) {
            self.defaults = defaults
            self.dataLinkBase = dataLinkBase
        }
    }

    let members: MemberDirectory
    let catalog: CatalogStore
    let notices: MemberNotices
    let settings: Settings
    let forgetRequests = ForgetRequests()

    /// Creates the plugin; `notices` is shared with the other plugins that tell members things.
    public init(
        members: MemberDirectory, catalog: CatalogStore, notices: MemberNotices? = nil, settings: Settings = Settings()
    ) {
        self.members = members
        self.catalog = catalog
        self.notices = notices ?? MemberNotices(members: members)
        self.settings = settings
    }

    public var commands: [Command] {
        whoamiCommand
        linkCommand
        unlinkCommand
        profileCommand
        timeZoneCommand
        languageCommand
        interestsCommand
        levelCommand
        nudgesCommand
        remindersCommand
        myDataCommand
        forgetMeCommand
    }
}
