public import AgentCore

extension Moderation {
    /// Everything the plugin says, in English and Chinese.
    public static let messages = MessageCatalog([
        "where": [
            .en: "Use this in the channel it is about (or set plugins.moderation.default_channel).",
            .zh: "请在相关频道里使用（或配置 plugins.moderation.default_channel）。",
        ],
        "noReason": [.en: "no reason given", .zh: "未说明理由"],
        "sentPrivately": [.en: "Sent privately.", .zh: "已私聊发送。"],
        "who.me": [.en: "me", .zh: "我"],
        "refuse.self": [.en: "I won't act on myself.", .zh: "我不会处罚自己。"],
        "refuse.moderator": [
            .en: "{nick} is a moderator; I won't act on moderators or owners.",
            .zh: "{nick} 是版主；我不会处罚版主或所有者。",
        ],
        "refuse.mask": [
            .en:
                "That mask would also match {who}, so I won't set it. Ban by account instead: {prefix}ban <nick> while they are identified, or a mask such as R:account.",
            .zh: "这个掩码也会匹配到 {who}，我不会设置它。请改用账号封禁：对方登录时使用 {prefix}ban <昵称>，或使用 R:<账号> 这样的掩码。",
        ],
        "problem.notOperator": [
            .en: "I need +o in {channel} to do that.", .zh: "我需要在 {channel} 拥有 +o 才能这样做。",
        ],
        "problem.notInChannel": [
            .en: "I am not in {channel}, so I cannot act there.", .zh: "我不在 {channel}，无法在那里执行。",
        ],
        "problem.cannotMute": [
            .en:
                "This network has no quiet mode or mute extban, and {channel} is not moderated (+m), so I cannot mute there.",
            .zh: "这个网络没有静音模式或静音扩展封禁，{channel} 也不是 +m 频道，所以我无法在那里禁言。",
        ],
        "problem.noMask": [
            .en: "I don't know {nick}'s account or host, so I have nothing to set.",
            .zh: "我不知道 {nick} 的账号或主机，无从设置。",
        ],
        "case.failed": [
            .en: "Case {id} is recorded, but not carried out: {problem}",
            .zh: "案件 {id} 已记录，但未能执行：{problem}",
        ],
        "case.note": [.en: "Case {id}: note on {nick} kept.", .zh: "案件 {id}：已记下关于 {nick} 的备注。"],
        "note.done": [.en: "Case {id}: note on {nick} kept.", .zh: "案件 {id}：已记下关于 {nick} 的备注。"],
        "case.warn": [
            .en: "Case {id}: warned {nick} in {channel}: {reason}.", .zh: "案件 {id}：已在 {channel} 警告 {nick}：{reason}。",
        ],
        "case.automod": [
            .en: "Case {id}: automod noted {nick} in {channel}: {reason}.",
            .zh: "案件 {id}：自动管理记录了 {nick} 在 {channel} 的行为：{reason}。",
        ],
        "case.mute": [
            .en: "Case {id}: muted {nick} in {channel} until unmuted: {reason}.",
            .zh: "案件 {id}：已在 {channel} 禁言 {nick}，直到解除：{reason}。",
        ],
        "case.mute.timed": [
            .en: "Case {id}: muted {nick} in {channel} for {duration} (until {until}): {reason}.",
            .zh: "案件 {id}：已在 {channel} 禁言 {nick} {duration}（到 {until}）：{reason}。",
        ],
        "case.ban": [
            .en: "Case {id}: banned {nick} from {channel} until unbanned: {reason}.",
            .zh: "案件 {id}：已将 {nick} 从 {channel} 封禁，直到解除：{reason}。",
        ],
        "case.ban.timed": [
            .en: "Case {id}: banned {nick} from {channel} for {duration} (until {until}): {reason}.",
            .zh: "案件 {id}：已将 {nick} 从 {channel} 封禁 {duration}（到 {until}）：{reason}。",
        ],
        "case.kick": [
            .en: "Case {id}: kicked {nick} from {channel}: {reason}.", .zh: "案件 {id}：已将 {nick} 踢出 {channel}：{reason}。",
        ],
        "case.unmute": [
            .en: "Case {id}: unmuted {nick} in {channel}.", .zh: "案件 {id}：已解除 {nick} 在 {channel} 的禁言。",
        ],
        "case.unban": [
            .en: "Case {id}: unbanned {nick} from {channel}.", .zh: "案件 {id}：已解除 {nick} 在 {channel} 的封禁。",
        ],
        "lift.waiting": [
            .en: "I cannot lift it on the network yet: I need +o in {channel}. I'll keep trying every minute.",
            .zh: "暂时无法在网络上解除：我需要在 {channel} 拥有 +o。我会每分钟重试一次。",
        ],
        "undo.notMuted": [.en: "{nick} is not muted in {channel}.", .zh: "{nick} 在 {channel} 没有被禁言。"],
        "undo.notBanned": [.en: "{nick} is not banned from {channel}.", .zh: "{nick} 在 {channel} 没有被封禁。"],
        "undo.reason": [.en: "lifted by a moderator", .zh: "由版主解除"],
        "action.warn": [.en: "You were warned", .zh: "你收到了警告"],
        "action.automod": [.en: "Automod noted a message of yours", .zh: "自动管理记录了你的一条消息"],
        "action.mute": [.en: "You were muted", .zh: "你被禁言了"],
        "action.ban": [.en: "You were banned", .zh: "你被封禁了"],
        "action.kick": [.en: "You were removed", .zh: "你被移出了频道"],
        "member.told": [
            .en: "{action} in {channel} (case {id}): {reason}. To appeal: {prefix}appeal {id} <why>",
            .zh: "{action}（{channel}，案件 {id}）：{reason}。如需申诉：{prefix}appeal {id} <理由>",
        ],
        "member.toldTimed": [
            .en: "{action} in {channel} until {until} (case {id}): {reason}. To appeal: {prefix}appeal {id} <why>",
            .zh: "{action}（{channel}，到 {until} 为止，案件 {id}）：{reason}。如需申诉：{prefix}appeal {id} <理由>",
        ],
        "ladder.rule": [
            .en: "{count|# offence|# offences} in {days} days: {step}",
            .zh: "{days} 天内第 {count} 次违规：{step}",
        ],
        "case.none": [.en: "There is no case {id}.", .zh: "没有编号为 {id} 的案件。"],
        "case.edit": [
            .en: "Reason changed by {editor} on {when}; it was {old}.", .zh: "{editor} 于 {when} 修改了理由；原为 {old}。",
        ],
        "case.appeal": [.en: "Appeal ({status}): {text}", .zh: "申诉（{status}）：{text}"],
        "appeal.status.open": [.en: "open", .zh: "待处理"],
        "appeal.status.accepted": [.en: "accepted", .zh: "已接受"],
        "appeal.status.rejected": [.en: "rejected", .zh: "已驳回"],
        "cases.none": [.en: "No cases about {who}.", .zh: "没有关于 {who} 的案件。"],
        "modlog.none": [.en: "No cases yet.", .zh: "还没有案件。"],
        "modlog.appeals": [
            .en: "Open appeals: {cases} ({prefix}case <n>, {prefix}appeal accept|reject <n>).",
            .zh: "待处理的申诉：{cases}（{prefix}case <编号>，{prefix}appeal accept|reject <编号>）。",
        ],
        "reason.done": [.en: "Case {id} now reads: {reason}.", .zh: "案件 {id} 的理由已改为：{reason}。"],
        "appeal.filed": [
            .en: "Your appeal of case {id} is filed; a moderator will decide and I'll tell you privately.",
            .zh: "你对案件 {id} 的申诉已提交；版主决定后我会私信告诉你。",
        ],
        "appeal.again": [.en: "You already appealed case {id}.", .zh: "你已经对案件 {id} 申诉过了。"],
        "appeal.notYours": [.en: "Case {id} is not about you.", .zh: "案件 {id} 与你无关。"],
        "appeal.noneOpen": [.en: "Case {id} has no open appeal.", .zh: "案件 {id} 没有待处理的申诉。"],
        "appeal.notAppealable": [.en: "Case {id} cannot be appealed.", .zh: "案件 {id} 不能申诉。"],
        "appeal.accepted": [
            .en: "Appeal of case {id} accepted; the member is told.",
            .zh: "已接受案件 {id} 的申诉，并已通知成员。",
        ],
        "appeal.rejected": [
            .en: "Appeal of case {id} rejected; the member is told.", .zh: "已驳回案件 {id} 的申诉，并已通知成员。",
        ],
        "appeal.acceptedMember": [
            .en: "Your appeal of case {id} was accepted ({note}); the action is lifted.",
            .zh: "你对案件 {id} 的申诉已被接受（{note}）；处罚已解除。",
        ],
        "appeal.rejectedMember": [
            .en: "Your appeal of case {id} was rejected ({note}).", .zh: "你对案件 {id} 的申诉被驳回（{note}）。",
        ],
        "log.line": [
            .en: "#{id} {kind} {target}{channel} — {actor}, {at}", .zh: "#{id} {channel}{kind} {target} — {actor}，{at}",
        ],
        "log.channel": [.en: " in {channel}", .zh: "在 {channel} "],
        "log.target": [.en: "{nick} ({account})", .zh: "{nick}（{account}）"],
        "kind.note": [.en: "note", .zh: "备注"],
        "kind.warn": [.en: "warn", .zh: "警告"],
        "kind.mute": [.en: "mute", .zh: "禁言"],
        "kind.unmute": [.en: "unmute", .zh: "解除禁言"],
        "kind.kick": [.en: "kick", .zh: "踢出"],
        "kind.ban": [.en: "ban", .zh: "封禁"],
        "kind.unban": [.en: "unban", .zh: "解除封禁"],
        "kind.automod": [.en: "automod", .zh: "自动管理"],
        "liftedBy.case": [.en: "case {id}", .zh: "案件 {id}"],
        "liftedBy.expiry": [.en: "expiry", .zh: "到期"],
        "liftedBy.appeal": [.en: "appeal", .zh: "申诉"],
        "state.active": [.en: "in force", .zh: "生效中"],
        "state.activeUntil": [.en: "in force until {until}", .zh: "生效至 {until}"],
        "state.lifted": [.en: "lifted ({by}) {at}", .zh: "已于 {at} 解除（{by}）"],
        "state.failed": [.en: "not carried out: {problem}", .zh: "未执行：{problem}"],
        "rule.automod": [.en: "automod", .zh: "自动管理"],
        "reason.withRule": [.en: "{reason} ({rule})", .zh: "{reason}（{rule}）"],
        "rule.flood": [.en: "flood: {count} lines in {seconds} s", .zh: "刷屏：{seconds} 秒内 {count} 条"],
        "rule.repeats": [
            .en: "repeats: the same line {count} times in {seconds} s", .zh: "重复：{seconds} 秒内同一句 {count} 次",
        ],
        "rule.pattern": [.en: "banned words: {pattern}", .zh: "违禁词：{pattern}"],
        "rule.link": [
            .en: "links within {minutes} minutes of joining", .zh: "加入 {minutes} 分钟内发链接",
        ],
        "rule.highlights": [.en: "mass highlight: {count} people named", .zh: "群体点名：一次提到 {count} 人"],
        "automod.anonymous": [
            .en: "Automod in {channel}: {rule}. Log in to your account to be able to appeal.",
            .zh: "{channel} 的自动管理：{rule}。登录账号后才能申诉。",
        ],
    ])
}
