import Storage

/// The recommendation tables, owned by `RecommendationService`: courses a member marked not
/// interesting, and every recommendation shown (impressions), to measure what converts.
enum RecommendationSchema {
    static let migrations = [
        Migration(
            1,
            """
            CREATE TABLE recommendation_hidden (
                member_id INTEGER NOT NULL,
                course_slug TEXT NOT NULL,
                hidden_at REAL NOT NULL,
                PRIMARY KEY (member_id, course_slug)
            ) WITHOUT ROWID;
            """),
        Migration(
            2,
            """
            CREATE TABLE recommendation_impression (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL,
                course_slug TEXT NOT NULL,
                rank INTEGER NOT NULL,
                reason TEXT NOT NULL,
                shown_at REAL NOT NULL
            );
            CREATE INDEX recommendation_impression_shown ON recommendation_impression (shown_at);
            """),
    ]
}
