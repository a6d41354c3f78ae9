import Storage

/// The tables of subscriptions, their history, redeem codes and orders; owned and written by
/// `SubscriptionService` alone.
enum SubscriptionSchema {
    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE subscription (
                id INTEGER PRIMARY KEY,
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                course_slug TEXT NOT NULL,
                status TEXT NOT NULL,
                source TEXT NOT NULL,
                starts_at REAL,
                ends_at REAL,
                reference TEXT,
                reminded_at REAL,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL
            );
            CREATE INDEX subscription_member ON subscription (network, account, course_slug);
            CREATE INDEX subscription_due ON subscription (status, ends_at);
            CREATE TABLE subscription_event (
                id INTEGER PRIMARY KEY,
                subscription_id INTEGER NOT NULL REFERENCES subscription (id),
                at REAL NOT NULL,
                status TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE subscription_code (
                code TEXT PRIMARY KEY,
                course_slug TEXT NOT NULL,
                max_uses INTEGER NOT NULL,
                uses INTEGER NOT NULL DEFAULT 0,
                valid_from REAL NOT NULL,
                valid_until REAL,
                access_days INTEGER,
                created_by TEXT NOT NULL,
                created_at REAL NOT NULL,
                CHECK (uses <= max_uses)
            );
            CREATE TABLE subscription_redemption (
                code TEXT NOT NULL REFERENCES subscription_code (code),
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                at REAL NOT NULL,
                PRIMARY KEY (code, network, account)
            );
            CREATE TABLE subscription_order (
                id TEXT PRIMARY KEY,
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                course_slug TEXT NOT NULL,
                amount_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at REAL NOT NULL,
                confirmed_at REAL
            );
            """),
        Migration(
            2,
            """
            ALTER TABLE subscription_code ADD COLUMN revoked_at REAL;
            CREATE INDEX subscription_course ON subscription (course_slug, status);
            CREATE INDEX subscription_order_status ON subscription_order (status, created_at);
            """),
        // Rows follow the member, not the identity they were made from (filled in at start-up).
        Migration(
            3,
            """
            ALTER TABLE subscription ADD COLUMN member_id INTEGER;
            ALTER TABLE subscription_order ADD COLUMN member_id INTEGER;
            ALTER TABLE subscription_redemption ADD COLUMN member_id INTEGER;
            CREATE INDEX subscription_by_member ON subscription (member_id, course_slug);
            CREATE INDEX subscription_order_by_member ON subscription_order (member_id, status);
            CREATE INDEX subscription_redemption_by_member ON subscription_redemption (code, member_id);
            """),
        // Payment provider events already applied, so a repeated delivery changes nothing.
        Migration(
            4,
            """
            CREATE TABLE subscription_payment_event (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL,
                outcome TEXT NOT NULL,
                received_at REAL NOT NULL
            );
            """),
    ]
}
