/// The texts the runtime itself says: refusals, usage, rate limits, failures.
public enum CoreMessages {
    /// The runtime's catalog.
    public static let catalog = MessageCatalog([
        "error.notIdentified": [
            .en: "You need to be identified to do that: log in with NickServ (or SASL) first, then try again.",
            .zh: "需要先登录才能这样做：请先用 NickServ（或 SASL）登录，然后再试。",
        ],
        "router.rateLimited": [
            .en: "{nick}: you are sending commands too fast; I will ignore yours for {seconds} seconds.",
            .zh: "{nick}：你发命令太快了，接下来 {seconds} 秒内我不会处理你的命令。",
        ],
        "router.usage": [.en: "Usage: {forms}", .zh: "用法：{forms}"],
        "router.unknownAction": [
            .en: "Unknown action {action}. Usage: {forms}", .zh: "没有 {action} 这个操作。用法：{forms}",
        ],
        "router.privateOnly": [
            .en: "{command} works only in a private message to me.", .zh: "{command} 只能私聊我使用。",
        ],
        "router.channelOnly": [.en: "{command} works only in a channel.", .zh: "{command} 只能在频道里使用。"],
        "router.tookTooLong": [
            .en: "Sorry, {command} took too long to answer (error {id}); please try again later.",
            .zh: "抱歉，{command} 响应超时（错误编号 {id}），请稍后再试。",
        ],
        "router.failed": [
            .en: "Sorry, something went wrong running {command} (error {id}); the operators can look it up in the log.",
            .zh: "抱歉，执行 {command} 时出错了（错误编号 {id}），管理员可以在日志里查到原因。",
        ],
        "router.refusal": [.en: "Sorry, {command} is for {role}.", .zh: "抱歉，{command} 仅限{role}使用。"],
        "router.refusalUnidentified": [
            .en: "Sorry, {command} is for {role}, and you are not identified: log in with NickServ (or SASL) first.",
            .zh: "抱歉，{command} 仅限{role}使用，而且你还没有登录：请先用 NickServ（或 SASL）登录。",
        ],
        "router.unknownCommandHint": [
            .en: "Unknown command {command}; did you mean {suggestion}?",
            .zh: "没有 {command} 这个命令，你是想用 {suggestion} 吗？",
        ],
        "router.unknownCommandTry": [
            .en: "Unknown command {command}; try {help}.", .zh: "没有 {command} 这个命令，发送 {help} 查看所有命令。",
        ],
        "help.example": [.en: " Example: {example}", .zh: "例如：{example}"],
        "help.aliases": [.en: " (also: {aliases})", .zh: "（也可以用：{aliases}）"],
        "help.only": [.en: " [{role} only]", .zh: "（仅限{role}）"],
        "help.privateOnly": [.en: " [private message only]", .zh: "（仅限私聊）"],
        "help.channelOnly": [.en: " [channels only]", .zh: "（仅限频道）"],
        "args.missing": [.en: "Missing {parameter}. {usage}", .zh: "缺少参数 {parameter}。{usage}"],
        "args.mustBe": [
            .en: "{parameter} must be {expected}, not {word}. {usage}",
            .zh: "{parameter} 应该是 {expected}，而不是 {word}。{usage}",
        ],
        "args.tooMany": [.en: "Too many arguments ({word}). {usage}", .zh: "参数太多了（{word}）。{usage}"],
        "args.unavailable": [
            .en: "Sorry, I could not check {parameter} just now; please try again in a moment.",
            .zh: "抱歉，暂时无法检查 {parameter}，请稍后再试。",
        ],
        "help.starting": [.en: "Still starting up; try again in a moment.", .zh: "还在启动中，请稍后再试。"],
        "help.noSuchCommandHint": [
            .en: "No command called {command}; did you mean {suggestion}?",
            .zh: "没有 {command} 这个命令，你是想用 {suggestion} 吗？",
        ],
        "help.noSuchCommand": [
            .en: "No command called {command}. Try {help}.", .zh: "没有 {command} 这个命令。发送 {help} 查看所有命令。",
        ],
        "help.list": [
            .en: "Commands: {commands} — {help} <command> for details.",
            .zh: "可用命令：{commands} — 发送 {help} <命令> 查看详细说明。",
        ],
        "help.listAliases": [.en: "Also: {aliases}.", .zh: "别名：{aliases}。"],
        "router.movedPrivately": [
            .en: "{nick}: {count|# more line|# more lines} sent to you privately.",
            .zh: "{nick}：其余 {count} 行已私聊发给你。",
        ],
        "core.uptime": [.en: "Up {duration}, since {since}.", .zh: "已运行 {duration}，启动于 {since}。"],
        "core.days": [.en: "{count|# day|# days}", .zh: "{count} 天"],
        "core.hours": [.en: "{count|# hour|# hours}", .zh: "{count} 小时"],
        "core.minutes": [.en: "{count|# minute|# minutes}", .zh: "{count} 分钟"],
        "core.seconds": [.en: "{count|# second|# seconds}", .zh: "{count} 秒"],
        "role.granted": [.en: "{account} is now {role} on {network}.", .zh: "{account} 现在是 {network} 上的{role}。"],
        "role.grantedMember": [
            .en: "{account} is now {role} on {network}, with every identity of the member: {identities}.",
            .zh: "{account} 现在是 {network} 上的{role}，该成员关联的所有身份也一样：{identities}。",
        ],
        "role.nobody": [.en: "Nobody holds a role above member on {network}.", .zh: "{network} 上目前没有版主或管理员。"],
        "role.list": [.en: "Roles on {network}: {grants}", .zh: "{network} 上的角色：{grants}"],
        "role.fromConfig": [
            .en: "{account} keeps the {role} role from the configuration file; edit it there.",
            .zh: "{account} 的{role}角色来自配置文件，请在配置文件里修改。",
        ],
        "role.revoked": [.en: "{account} is a member again on {network}.", .zh: "{account} 在 {network} 上已恢复为普通成员。"],
        "role.noRole": [.en: "{account} had no role to revoke on {network}.", .zh: "{account} 在 {network} 上没有可撤销的角色。"],
        "role.entry": [.en: "{account} ({role})", .zh: "{account}（{role}）"],
        "role.entryConfig": [.en: "{account} ({role}, config)", .zh: "{account}（{role}，来自配置文件）"],
        "role.name.owner": [.en: "owner", .zh: "管理员"],
        "role.name.moderator": [.en: "moderator", .zh: "版主"],
        "role.name.member": [.en: "member", .zh: "普通成员"],
        "identity.on": [.en: "{account} on {network}", .zh: "{network} 上的 {account}"],
        "role.an.owner": [.en: "an owner", .zh: "管理员"],
        "role.an.moderator": [.en: "a moderator", .zh: "版主"],
        "role.an.member": [.en: "a member", .zh: "普通成员"],
        "reload.notAvailable": [.en: "Reloading is not available here.", .zh: "这里不支持重新加载配置。"],
        "reload.noFile": [
            .en: "No configuration file to reload (started without --config).",
            .zh: "没有可以重新加载的配置文件（启动时没有指定 --config）。",
        ],
        "reload.refused": [
            .en: "Reload refused: {count|# problem|# problems} in {path}; run check-config for details.",
            .zh: "已拒绝重新加载：{path} 中有 {count} 个问题，详情请运行 check-config。",
        ],
        "reload.applied": [
            .en: "Configuration reloaded: command settings and roles applied.", .zh: "配置已重新加载：命令设置和角色已生效。",
        ],
        "reload.appliedRestart": [
            .en: "Configuration reloaded: command settings and roles applied; {keys} changed and need a restart.",
            .zh: "配置已重新加载：命令设置和角色已生效；{keys} 有改动，需要重启后才生效。",
        ],
        "role.owners": [.en: "owners", .zh: "管理员"],
        "role.moderators": [.en: "moderators", .zh: "版主"],
        "role.members": [.en: "members", .zh: "成员"],
    ])

    /// `key` from the runtime's catalog in `language`.
    public static func text(
        _ key: String, _ arguments: [String: MessageArgument] = [:], in language: Language
    )
        -> String
    {
        catalog.text(key, arguments, in: language)
    }

    /// The plural name of a role in `language` ("owners", "管理员").
    public static func rolePlural(_ role: Role, in language: Language) -> String {
        text("role.\(role.plural)", in: language)
    }
}
