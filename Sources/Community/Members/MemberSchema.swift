import Storage

/// The tables of member interactions and last-seen nicks; owned and written by `MemberDirectory`
/// alone.
///
/// Releases before this schema created the same tables inside the subscription schema, so the
/// first version creates them only where they do not exist yet.
enum MemberSchema {
    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE IF NOT EXISTS interaction (
                id INTEGER PRIMARY KEY,
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                kind TEXT NOT NULL,
                course_slug TEXT,
                at REAL NOT NULL
            );
            CREATE INDEX IF NOT EXISTS interaction_member ON interaction (network, account, at);
            CREATE TABLE IF NOT EXISTS member_seen (
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                nick TEXT NOT NULL,
                seen_at REAL NOT NULL,
                PRIMARY KEY (network, account)
            );
            """)
    ]
}
