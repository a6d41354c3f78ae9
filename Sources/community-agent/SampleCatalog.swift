/// The sample catalog (`Config/catalog.example.json5`) built into the binary, so the console
/// has courses to show wherever the agent is run from. A test keeps the two identical; after
/// editing the file, copy it here.
enum SampleCatalog {
    /// The JSON5 text of `Config/catalog.example.json5`.
    static let text = #"""
        // Sample course catalog for Community Agent.
        // Import with: community-agent catalog import Config/catalog.example.json5 [--config agent.json5]
        // price is in minor units (19900 = 199.00); 0 means free. access_days left out = unlimited.
        {
          courses: [
            { slug: "swift-basics", title: "Swift Basics", summary: "Your first Swift programs, from variables to protocols.",
              description: "Optionals, value types, closures, protocols and the Swift package manager, with a small command-line project.",
              tags: ["swift", "programming"], level: "beginner", price: 0, currency: "CNY", instructor: "Ada Chen" },
            { slug: "swift-concurrency", title: "Swift Concurrency 并发编程", summary: "async/await, actors, Sendable and structured concurrency.",
              description: "从回调到 async/await：任务、任务组、actor 隔离与 Sendable 检查，最后迁移一个真实项目到 Swift 6 严格并发。",
              tags: ["swift", "concurrency"], level: "intermediate", price: 19900, currency: "CNY", access_days: 365, instructor: "Grace Liu" },
            { slug: "swiftui-apps", title: "SwiftUI 应用开发实战", summary: "用 SwiftUI 构建一个完整的 iOS 应用。",
              description: "布局、状态管理、导航、网络请求与持久化，每一课都推进同一个应用。",
              tags: ["swift", "swiftui", "ios"], level: "intermediate", price: 29900, currency: "CNY", access_days: 365, instructor: "王芳" },
            { slug: "rust-ownership", title: "Rust 所有权与借用", summary: "深入理解所有权、借用和生命周期。",
              description: "Why the borrow checker says no, and how to design data structures it agrees with. 包含大量练习。",
              tags: ["rust", "systems"], level: "advanced", price: 29900, currency: "CNY", access_days: 180, instructor: "张伟" },
            { slug: "rust-intro", title: "Rust for Beginners", summary: "Cargo, types, enums and pattern matching.",
              tags: ["rust", "programming"], level: "beginner", price: 0, currency: "CNY", instructor: "张伟" },
            { slug: "go-microservices", title: "Go 微服务架构", summary: "用 Go 构建、测试和部署微服务。",
              description: "HTTP and gRPC services, context cancellation, observability, and deploying to Kubernetes.",
              tags: ["go", "backend", "kubernetes"], level: "intermediate", price: 24900, currency: "CNY", access_days: 365, instructor: "Li Na" },
            { slug: "postgres-performance", title: "PostgreSQL Performance Tuning", summary: "Indexes, query plans and vacuum, measured.",
              description: "Read EXPLAIN ANALYZE output, choose indexes, tune autovacuum and connection pools on real workloads.",
              tags: ["databases", "postgresql", "backend"], level: "advanced", price: 34900, currency: "CNY", access_days: 365, instructor: "Marcus Weber" },
            { slug: "python-data", title: "Python 数据分析入门", summary: "pandas、NumPy 与可视化基础。",
              tags: ["python", "data"], level: "beginner", price: 9900, currency: "CNY", access_days: 365, instructor: "陈静" },
            { slug: "ml-foundations", title: "Machine Learning Foundations 机器学习基础", summary: "Linear models to gradient boosting, with the maths you need.",
              tags: ["machine-learning", "python", "data"], level: "intermediate", price: 39900, currency: "CNY", access_days: 365, instructor: "Dr. Zhou" },
            { slug: "linux-command-line", title: "The Linux Command Line", summary: "Shell, pipes, permissions, processes and scripting.",
              tags: ["linux", "fundamentals"], level: "beginner", price: 0, currency: "CNY", instructor: "Ada Chen" },
            { slug: "kubernetes-in-practice", title: "Kubernetes 实践", summary: "Deployments, services, ingress, and debugging a broken cluster.",
              tags: ["kubernetes", "cloud", "devops"], level: "advanced", price: 44900, currency: "CNY", access_days: 365, instructor: "Li Na" },
            { slug: "web-security", title: "Web Security Essentials 网络安全", summary: "OWASP Top 10, with attacks you run yourself.",
              tags: ["security", "web"], level: "intermediate", price: 19900, currency: "CNY", access_days: 365, instructor: "Sam Okafor" },
            { slug: "algorithms-interview", title: "算法与数据结构面试准备", summary: "常见题型、复杂度分析与白板技巧。",
              tags: ["algorithms", "fundamentals", "interview"], level: "intermediate", price: 14900, currency: "CNY", access_days: 90, instructor: "刘洋" },
            { slug: "irc-bots-swift", title: "Writing IRC Bots in Swift", summary: "The IRC protocol, IRCv3, and a bot that survives the real world.",
              tags: ["swift", "irc", "networking"], level: "advanced", price: 0, currency: "CNY", status: "draft", instructor: "Grace Liu" },
          ],
        }
        """#
}
