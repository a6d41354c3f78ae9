import Storage

/// The tables of member interactions, last-seen nicks and notices waiting for a member; owned and written by `MemberDirectory`
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
            """),
        Migration(
            2,
            """
            CREATE TABLE member_notice (
                id INTEGER PRIMARY KEY,
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                text TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                delivered_at REAL
            );
            CREATE INDEX member_notice_waiting ON member_notice (delivered_at, expires_at);
            """),
    ]
}
