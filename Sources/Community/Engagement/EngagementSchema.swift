import Storage

/// The engagement model's tables, owned and written by `EngagementService` alone: each
/// member's incremental state and totals, daily rollups per member and per channel, the nudge
/// decisions and the thanks given.
///
/// Everything here is derived from `interaction` and the chat log by folding
/// (`EngagementService+Fold`); `engagement_fold` says how far. A fold updates today's rows of
/// many members: the day rollups are keyed day first so those rows sit together, and totals
/// live in the state row (`view:3 message:12`).
enum EngagementSchema {
    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE engagement_state (
                member_id INTEGER PRIMARY KEY,
                interest REAL NOT NULL,
                updated_at REAL NOT NULL,
                above_until REAL,
                peak_interest REAL NOT NULL,
                peak_at REAL NOT NULL,
                totals TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX engagement_state_above ON engagement_state (above_until);
            CREATE TABLE engagement_member_day (
                member_id INTEGER NOT NULL,
                day TEXT NOT NULL,
                messages INTEGER NOT NULL DEFAULT 0,
                commands INTEGER NOT NULL DEFAULT 0,
                interactions INTEGER NOT NULL DEFAULT 0,
                interest REAL NOT NULL,
                interest_at REAL NOT NULL,
                PRIMARY KEY (day, member_id)
            ) WITHOUT ROWID;
            CREATE INDEX engagement_member_day_member ON engagement_member_day (member_id, day);
            CREATE TABLE engagement_channel_day (
                network TEXT NOT NULL,
                channel TEXT NOT NULL,
                day TEXT NOT NULL,
                messages INTEGER NOT NULL DEFAULT 0,
                commands INTEGER NOT NULL DEFAULT 0,
                anonymous_messages INTEGER NOT NULL DEFAULT 0,
                active_members INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (network, channel, day)
            ) WITHOUT ROWID;
            CREATE TABLE engagement_channel_speaker (
                network TEXT NOT NULL,
                channel TEXT NOT NULL,
                day TEXT NOT NULL,
                member_id INTEGER NOT NULL,
                PRIMARY KEY (network, channel, day, member_id)
            ) WITHOUT ROWID;
            CREATE TABLE nudge (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL,
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                decided_at REAL NOT NULL,
                action TEXT NOT NULL,
                cause TEXT,
                text TEXT,
                sent_at REAL,
                expires_at REAL
            );
            CREATE INDEX nudge_member ON nudge (member_id, decided_at);
            CREATE INDEX nudge_waiting ON nudge (action, expires_at);
            CREATE TABLE thanks (
                id INTEGER PRIMARY KEY,
                giver_member INTEGER NOT NULL,
                receiver_member INTEGER NOT NULL,
                day TEXT NOT NULL,
                at REAL NOT NULL,
                reason TEXT
            );
            CREATE INDEX thanks_giver ON thanks (giver_member, day);
            """),
        // The state is folded from the interactions and the chat log in batches: where the
        // last fold stopped. Every interaction so far was folded as it was recorded.
        Migration(
            2,
            """
            CREATE TABLE engagement_fold (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                interaction_id INTEGER NOT NULL,
                chat_log_id INTEGER NOT NULL
            );
            INSERT INTO engagement_fold (id, interaction_id, chat_log_id)
                SELECT 1, (SELECT COALESCE(MAX(id), 0) FROM interaction), (SELECT COALESCE(MAX(id), 0) FROM chat_log);
            """),
        // Who spoke in a channel on a day is read from the chat log itself now; the day rows
        // keep their counts.
        Migration(3, "DROP TABLE engagement_channel_speaker;"),
    ]
}
