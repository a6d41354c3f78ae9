public import AgentCore

extension Members {
    /// Everything the plugin says, in English and Chinese.
    public static let messages = MessageCatalog([
        "data.link": [
            .en:
                "Your data: {url} — valid for an hour, works once. It holds everything this community keeps about you.",
            .zh: "你的数据：{url}（一小时内有效，只能打开一次），里面是社区保存的关于你的全部数据。",
        ],
        "data.linkSent": [.en: "Sent you a private link to your data.", .zh: "已私聊发给你查看数据的链接。"],
        "data.off": [
            .en:
                "Data links are off on this agent (it has no HTTP listener). Ask an owner: they can export everything about you with {command}.",
            .zh: "这个机器人没有开启数据链接（没有 HTTP 服务）。请联系管理员，他们可以用 {command} 导出关于你的全部数据。",
        ],
        "forget.ask": [
            .en:
                "This deletes your profile, subscriptions (access you paid for ends too), activity, event answers and history, and unlinks your accounts. Orders and payments and moderation cases stay, without your name. To go ahead, send {command} within 5 minutes.",
            .zh:
                "这会删除你的资料、订阅（已付费的课程也会随之失效）、活跃记录、活动报名和历史，并解除账号关联。订单、付款和管理记录会保留，但不再带有你的名字。确定的话，请在 5 分钟内发送 {command}。",
        ],
        "forget.sentPrivately": [.en: "Sent you the details privately.", .zh: "详情已私聊发给你。"],
        "forget.noRequest": [
            .en: "Nothing to confirm: send {command} first to see what it deletes.",
            .zh: "没有待确认的请求：请先发送 {command} 看看会删除哪些数据。",
        ],
        "forget.nothing": [.en: "This community keeps nothing about you.", .zh: "社区没有保存任何关于你的数据。"],
        "forget.done": [
            .en: "Done: {count|# record|# records} about you deleted.", .zh: "完成：已删除关于你的 {count} 条记录。",
        ],
        "forget.kept.ledger": [
            .en:
                " Kept without your name: {count|# order (bookkeeping requires it)|# orders (bookkeeping requires them)}.",
            .zh: "保留但已去掉你的名字：{count} 条订单（记账需要）。",
        ],
        "forget.kept.safety": [
            .en:
                " Kept without your name: {count|# moderation record|# moderation records} (for the community's safety).",
            .zh: "保留但已去掉你的名字：{count} 条管理记录（为了社区安全）。",
        ],
        "whoami.unidentified": [
            .en:
                "You are {nick}, not identified on {network}: log in with NickServ (or SASL) to link networks and keep subscriptions.",
            .zh: "你是 {nick}，在 {network} 上还没有登录：请先用 NickServ（或 SASL）登录，才能关联网络、保留订阅。",
        ],
        "whoami.identified": [
            .en: "You are {nick}, identified as {account} on {network}.",
            .zh: "你是 {nick}，在 {network} 上的账号是 {account}。",
        ],
        "whoami.linked": [.en: " Linked: {identities}.", .zh: "已关联：{identities}。"],
        "identity": [.en: "{account} on {network}", .zh: "{network} 上的 {account}"],
        "link.code": [
            .en: "Your link code is {code} (valid 10 minutes). From your other network or account, send me: {command}",
            .zh: "你的关联码是 {code}（10 分钟内有效）。请用你在另一个网络或另一个账号私聊我：{command}",
        ],
        "link.codeSent": [.en: "Sent you a link code privately.", .zh: "已私聊发给你一个关联码。"],
        "link.notInChannel": [
            .en:
                "Link codes work only in a private message to me, so that code is now cancelled. Send {command} for a new one and give it to me privately.",
            .zh: "关联码只能私聊发给我，刚才那个已经作废了。请发送 {command} 获取新的关联码，并私聊发给我。",
        ],
        "link.done": [
            .en: "Linked: you are one member as {identities}. Your subscriptions and history are shared.",
            .zh: "关联成功：{identities} 现在是同一个成员，订阅和记录都是共享的。",
        ],
        "link.notice": [
            .en:
                "{identity} is now linked to you: your subscriptions and history are shared ({identities}). If this was not you, send {command}.",
            .zh: "{identity} 已与你关联，你们的订阅和记录现在共享（{identities}）。如果这不是你本人操作的，请发送 {command}。",
        ],
        "link.noSuchCode": [
            .en: "There is no link code {code}; ask for a new one with {command}.",
            .zh: "没有 {code} 这个关联码，请发送 {command} 获取新的。",
        ],
        "link.expired": [
            .en: "The link code {code} has expired or was used; ask for a new one with {command}.",
            .zh: "关联码 {code} 已过期或已被使用，请发送 {command} 获取新的。",
        ],
        "link.own": [
            .en: "That code is your own: send it from your other network or account.",
            .zh: "这是你自己的关联码，请在另一个网络或另一个账号上发送。",
        ],
        "unlink.noIdentity": [
            .en: "You have no identity on {network}; see {command}.", .zh: "你在 {network} 上没有身份，可以发送 {command} 查看。",
        ],
        "unlink.only": [
            .en: "You have only one identity ({identity}); there is nothing to unlink.",
            .zh: "你只有一个身份（{identity}），没有可以解除的关联。",
        ],
        "unlink.done": [
            .en: "{identity} is a member of its own again; what you shared stays with you.",
            .zh: "{identity} 已解除关联，成为独立成员；之前共享的内容仍然归你。",
        ],
        "profile.summary": [
            .en:
                "Your profile: time zone {zone}; language {language}; interests {interests}; level {level}; nudges {nudges}; reminders {reminders}.",
            .zh: "你的资料——时区：{zone}；语言：{language}；兴趣：{interests}；水平：{level}；活跃提醒：{nudges}；私聊提醒：{reminders}。",
        ],
        "profile.identities": [.en: "Identities: {identities}", .zh: "身份：{identities}"],
        "profile.sent": [.en: "Sent you your profile privately.", .zh: "已私聊发给你个人资料。"],
        "profile.communityZone": [.en: "{zone} (the community's)", .zh: "{zone}（社区默认）"],
        "profile.none": [.en: "none", .zh: "无"],
        "profile.notSet": [.en: "not set", .zh: "未设置"],
        "on": [.en: "on", .zh: "开"],
        "off": [.en: "off", .zh: "关"],
        "timezone.is": [.en: "Your time zone is {zone}.", .zh: "你的时区是 {zone}。"],
        "timezone.set": [.en: "Your time zone is now {zone}.", .zh: "你的时区已设为 {zone}。"],
        "timezone.unknownHint": [
            .en: "There is no time zone {typed}. Did you mean {suggestions}?",
            .zh: "没有 {typed} 这个时区。你是想用 {suggestions} 吗？",
        ],
        "timezone.unknown": [
            .en: "There is no time zone {typed}. Use an IANA name such as Asia/Shanghai or Europe/Berlin.",
            .zh: "没有 {typed} 这个时区。请使用 IANA 时区名，例如 Asia/Shanghai 或 Europe/Berlin。",
        ],
        "lang.set": [.en: "Your language is now {language}.", .zh: "回复语言已设为{language}。"],
        "lang.is": [
            .en: "Your language is {language}; change it with {command} en or {command} zh.",
            .zh: "你的回复语言是{language}；可以用 {command} zh 或 {command} en 切换。",
        ],
        "lang.name.en": [.en: "English", .zh: "英文"],
        "lang.name.zh": [.en: "Chinese", .zh: "中文"],
        "interests.none": [
            .en: "You have no interests set; e.g. {command} swift concurrency",
            .zh: "你还没有设置兴趣，例如：{command} swift concurrency",
        ],
        "interests.are": [.en: "Your interests: {tags}.", .zh: "你的兴趣：{tags}。"],
        "interests.cleared": [.en: "Your interests are cleared.", .zh: "已清空你的兴趣。"],
        "interests.set": [.en: "Your interests are now: {tags}.", .zh: "你的兴趣已设为：{tags}。"],
        "interests.unknownHint": [
            .en: "There is no course tag {tag}. Did you mean {suggestions}?",
            .zh: "没有 {tag} 这个课程标签。你是想用 {suggestions} 吗？",
        ],
        "interests.unknown": [
            .en: "There is no course tag {tag}. Tags: {tags}…", .zh: "没有 {tag} 这个课程标签。现有标签：{tags}…",
        ],
        "level.set": [.en: "Your level is now {level}.", .zh: "你的水平已设为{level}。"],
        "level.beginner": [.en: "beginner", .zh: "入门"],
        "level.intermediate": [.en: "intermediate", .zh: "进阶"],
        "level.advanced": [.en: "advanced", .zh: "高级"],
        "switched.on": [.en: "on", .zh: "开启"],
        "switched.off": [.en: "off", .zh: "关闭"],
        "switch.nudges": [.en: "Nudges are now {state}.", .zh: "活跃提醒已{state}。"],
        "switch.reminders": [.en: "Reminders are now {state}.", .zh: "私聊提醒已{state}。"],
    ])
}
