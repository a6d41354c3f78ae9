import Storage

/// The tables of moderation cases, their edits and appeals; owned and written by
/// `ModerationService` alone.
enum ModerationSchema {
    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE moderation_case (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                network TEXT NOT NULL,
                channel TEXT,
                target_account TEXT,
                target_nick TEXT NOT NULL,
                target_host TEXT,
                actor TEXT NOT NULL,
                reason TEXT NOT NULL,
                duration REAL,
                created_at REAL NOT NULL,
                expires_at REAL,
                state TEXT NOT NULL,
                applied TEXT,
                lifted_at REAL,
                lifted_by TEXT,
                failure TEXT,
                rule TEXT
            );
            CREATE INDEX moderation_case_target ON moderation_case (network, target_account, created_at);
            CREATE INDEX moderation_case_nick ON moderation_case (network, target_nick, created_at);
            CREATE INDEX moderation_case_active ON moderation_case (state, expires_at);
            CREATE TABLE moderation_edit (
                case_id INTEGER NOT NULL REFERENCES moderation_case (id),
                editor TEXT NOT NULL,
                previous_reason TEXT NOT NULL,
                new_reason TEXT NOT NULL,
                at REAL NOT NULL
            );
            CREATE TABLE moderation_appeal (
                case_id INTEGER PRIMARY KEY REFERENCES moderation_case (id),
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                text TEXT NOT NULL,
                status TEXT NOT NULL,
                decided_by TEXT,
                note TEXT,
                created_at REAL NOT NULL,
                decided_at REAL
            );
            """)
    ]
}
