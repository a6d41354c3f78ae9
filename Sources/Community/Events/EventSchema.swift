import Storage

/// The tables of events, RSVPs, recurring announcements and the record of every timed post;
/// owned and written by `EventService` alone.
enum EventSchema {
    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE event (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                starts_at REAL NOT NULL,
                ends_at REAL NOT NULL,
                network TEXT NOT NULL,
                channels TEXT NOT NULL,
                capacity INTEGER,
                host_network TEXT,
                host_account TEXT,
                course_slug TEXT,
                status TEXT NOT NULL DEFAULT 'scheduled',
                tags TEXT NOT NULL DEFAULT '',
                cancel_reason TEXT,
                revision INTEGER NOT NULL DEFAULT 0,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL
            );
            CREATE INDEX event_upcoming ON event (status, starts_at);
            CREATE TABLE event_rsvp (
                event_id TEXT NOT NULL REFERENCES event (id),
                member_id INTEGER NOT NULL,
                network TEXT NOT NULL,
                account TEXT NOT NULL,
                answer TEXT NOT NULL,
                waitlist INTEGER,
                updated_at REAL NOT NULL,
                PRIMARY KEY (event_id, member_id)
            );
            CREATE TABLE event_post (
                key TEXT PRIMARY KEY,
                planned_at REAL NOT NULL,
                state TEXT NOT NULL,
                at REAL NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            );
            CREATE TABLE announcement (
                id TEXT PRIMARY KEY,
                network TEXT NOT NULL,
                channel TEXT NOT NULL,
                rule TEXT,
                zone TEXT NOT NULL,
                once_at REAL,
                text TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at REAL NOT NULL,
                cancelled_at REAL
            );
            """)
    ]
}
