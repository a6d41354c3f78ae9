// swift-tools-version: 6.2
import PackageDescription

/// Compiler settings every target shares: Swift 6 mode plus the stricter upcoming features.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    .treatAllWarnings(as: .error),
]

/// One feature = library target in Plugins/<Name> + test target in Tests/<Name>PluginTests.
func agentPlugin(_ name: String) -> [Target] {
    [
        .target(
            name: "\(name)Plugin", dependencies: ["AgentCore", "Community", "PluginSupport"], path: "Plugins/\(name)",
            exclude: ["README.md"],
            swiftSettings: strict),
        .testTarget(
            name: "\(name)PluginTests",
            dependencies: [
                .target(name: "\(name)Plugin"), "AgentTesting", "AgentCore", "Community", "Storage", "PluginSupport",
            ],
            swiftSettings: strict),
    ]
}

let package = Package(
    name: "community-agent",
    // Linux only: the transport uses Linux socket options (MSG_NOSIGNAL, SOCK_CLOEXEC,
    // TCP_QUICKACK) through Glibc. The IRC library target itself builds anywhere.
    products: [
        .library(name: "IRC", targets: ["IRC"]),
        .executable(name: "community-agent", targets: ["community-agent"]),
        .executable(name: "community-bench", targets: ["community-bench"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "IRC", swiftSettings: strict),
        .target(name: "Storage", dependencies: ["CSQLite"], swiftSettings: strict),
        .target(name: "AgentCore", dependencies: ["Storage"], swiftSettings: strict),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "Gateways", dependencies: ["AgentCore", "IRC", "COpenSSL"], swiftSettings: strict),
        .target(name: "Community", dependencies: ["Storage", "COpenSSL"], swiftSettings: strict),
        .target(
            name: "OperatorAPI", dependencies: ["AgentCore", "Community", "Gateways", "Storage", "COpenSSL"],
            swiftSettings: strict),
        .target(
            name: "PluginSupport", dependencies: ["AgentCore", "Community"], path: "Plugins/Support",
            exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "AgentTesting", dependencies: ["AgentCore", "Storage", "Gateways", "IRC"], swiftSettings: strict),
        .executableTarget(
            name: "community-agent",
            dependencies: [
                "AgentCore", "Gateways", "Storage", "Community", "CoursesPlugin", "SubscriptionsPlugin",
                "MembersPlugin", "EngagementPlugin", "RecommendationsPlugin", "EventsPlugin", "ModerationPlugin",
                "PluginSupport", "OperatorAPI",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "community-bench",
            dependencies: ["IRC", "AgentCore", "Gateways", "AgentTesting", "Community", "Storage", "OperatorAPI"],
            swiftSettings: strict),
        .testTarget(name: "IRCTests", dependencies: ["IRC"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: strict),
        .testTarget(
            name: "OperatorAPITests",
            dependencies: ["OperatorAPI", "Gateways", "AgentCore", "AgentTesting", "Community", "Storage"],
            swiftSettings: strict),
        .testTarget(
            name: "GatewaysTests", dependencies: ["Gateways", "AgentCore", "AgentTesting", "IRC", "Storage"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["AgentCore", "AgentTesting", "Gateways", "IRC", "Storage", "Community", "OperatorAPI"],
            exclude: ["Golden", "Fixtures"], swiftSettings: strict
        ),
        .testTarget(
            name: "CommunityTests", dependencies: ["Community", "Storage"], exclude: ["Fixtures"], swiftSettings: strict
        ),
        .testTarget(
            name: "AgentCoreTests", dependencies: ["AgentCore", "AgentTesting", "Storage"], swiftSettings: strict),
    ]
        + ["Courses", "Subscriptions", "Members", "Engagement", "Recommendations", "Events", "Moderation"]
        .flatMap(agentPlugin),
    swiftLanguageModes: [.v6]
)
