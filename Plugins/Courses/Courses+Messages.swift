public import AgentCore
import Community

extension Courses {
    /// Everything the plugin says, in English and Chinese.
    public static let messages = MessageCatalog([
        "list.empty.owner": [
            .en:
                "No course is published yet. Import a catalog from the shell (community-agent catalog import FILE), then publish drafts with {command} <course>.",
            .zh: "还没有已发布的课程。请在服务器上导入课程目录（community-agent catalog import FILE），再用 {command} <课程> 发布草稿。",
        ],
        "list.empty": [.en: "No course is published yet; check back soon.", .zh: "还没有已发布的课程，请稍后再来看看。"],
        "list.noMatch": [
            .en:
                "No course matches {query}. Try a tag such as swift or rust, or a level: beginner, intermediate, advanced.",
            .zh: "没有找到和 {query} 相关的课程。可以试试标签（如 swift、rust）或水平（beginner、intermediate、advanced）。",
        ],
        "list.all": [.en: "{count|# course|# courses}:", .zh: "共 {count} 门课程："],
        "list.matches": [
            .en: "{count|# course matches|# courses match} {query}:", .zh: "找到 {count} 门与 {query} 相关的课程：",
        ],
        "list.more": [
            .en: "…{count} more; narrow it down, e.g. {command} swift beginner",
            .zh: "……还有 {count} 门，可以缩小范围，例如 {command} swift beginner",
        ],
        "detail.heading": [.en: "{title} ({slug}) — {facts}", .zh: "《{title}》（{slug}）— {facts}"],
        "detail.days": [.en: "{days} days of access", .zh: "有效期 {days} 天"],
        "detail.unlimited": [.en: "unlimited access", .zh: "长期有效"],
        "detail.by": [.en: "by {instructor}", .zh: "讲师：{instructor}"],
        "detail.tags": [.en: "Tags: {tags}. ", .zh: "标签：{tags}。"],
        "detail.subscribe": [.en: "Subscribe with {command}", .zh: "订阅请发送 {command}"],
        "status.changed": [.en: "{course} is now {status}.", .zh: "{course} 现在{status}。"],
        "status.published": [.en: "published", .zh: "已发布"],
        "status.archived": [.en: "archived", .zh: "已下架"],
        "status.draft": [.en: "draft", .zh: "草稿"],
        "level.beginner": [.en: "beginner", .zh: "入门"],
        "level.intermediate": [.en: "intermediate", .zh: "进阶"],
        "level.advanced": [.en: "advanced", .zh: "高级"],
        "price.free": [.en: "free", .zh: "免费"],
    ])

    /// A level's name in `language`.
    static func level(_ level: CourseLevel, in language: Language) -> String {
        messages.text("level.\(level.rawValue)", in: language)
    }

    /// A price in `language`: `免费` or `49.00 CNY`.
    static func price(_ price: Price, in language: Language) -> String {
        price.isFree ? messages.text("price.free", in: language) : price.description
    }
}
