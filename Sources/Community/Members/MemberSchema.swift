import Storage

/// The tables of members and their identities, profiles and link codes, interactions,
/// last-seen nicks and notices waiting for a member; owned and written by `MemberDirectory`
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
        // One member behind several identities: every identity seen so far becomes its own member.
        Migration(
            3,
            """
            CREATE TABLE member (id INTEGER PRIMARY KEY, created_at REAL NOT NULL);
            CREATE TABLE member_identity (
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                member_id INTEGER NOT NULL REFERENCES member (id),
                linked_at REAL NOT NULL,
                PRIMARY KEY (network, account)
            );
            CREATE INDEX member_identity_member ON member_identity (member_id);
            CREATE TABLE member_link_code (
                code TEXT PRIMARY KEY,
                member_id INTEGER NOT NULL REFERENCES member (id),
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                expires_at REAL NOT NULL,
                used_at REAL
            );
            CREATE TABLE member_profile (
                member_id INTEGER PRIMARY KEY REFERENCES member (id),
                time_zone TEXT,
                language TEXT,
                interests TEXT NOT NULL DEFAULT '',
                level TEXT,
                nudges INTEGER,
                reminders INTEGER
            );
            ALTER TABLE interaction ADD COLUMN member_id INTEGER;
            INSERT INTO member (id, created_at)
                SELECT ROW_NUMBER() OVER (ORDER BY network, account), 0 FROM (
                    SELECT network, account FROM interaction
                    UNION SELECT network, account FROM member_seen
                    UNION SELECT network, account FROM member_notice);
            INSERT INTO member_identity (network, account, member_id, linked_at)
                SELECT network, account, ROW_NUMBER() OVER (ORDER BY network, account), 0 FROM (
                    SELECT network, account FROM interaction
                    UNION SELECT network, account FROM member_seen
                    UNION SELECT network, account FROM member_notice);
            UPDATE interaction SET member_id = (
                SELECT i.member_id FROM member_identity i
                WHERE i.network = interaction.network AND i.account = interaction.account);
            CREATE INDEX interaction_by_member ON interaction (member_id, at);
            """),
        // Chat messages and commands are most of the rows and arrive in time order: indexed by
        // time only, so recording a batch appends to one place instead of touching an index
        // page per member. Everything else (course views, subscriptions, completions…) keeps a
        // per-member index.
        Migration(
            4,
            """
            DROP INDEX IF EXISTS interaction_member;
            DROP INDEX IF EXISTS interaction_by_member;
            CREATE INDEX interaction_at ON interaction (at);
            CREATE INDEX interaction_member_course ON interaction (member_id, at)
                WHERE kind NOT IN ('message', 'command');
            CREATE INDEX interaction_kind ON interaction (kind, at) WHERE kind NOT IN ('message', 'command');
            """),
        // One-time links to a member's data export: only a hash of the token is stored.
        Migration(
            5,
            """
            CREATE TABLE member_data_link (
                token_hash TEXT PRIMARY KEY,
                member_id INTEGER NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                used_at REAL
            );
            """),
        // Chat messages and commands from now on: packed, one row per written batch
        // (`ChatLog`). Older ones stay in `interaction` until pruned.
        Migration(
            6,
            """
            CREATE TABLE chat_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                first_at REAL NOT NULL,
                last_at REAL NOT NULL,
                events INTEGER NOT NULL,
                data BLOB NOT NULL
            );
            CREATE INDEX chat_log_last ON chat_log (last_at);
            """),
        // Counts changes to who is whom (links, unlinks, members forgotten), so a process that
        // caches identities notices another process's change.
        Migration(
            7,
            """
            CREATE TABLE member_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
            INSERT INTO member_generation (id, value) VALUES (1, 0);
            """),
    ]
}
