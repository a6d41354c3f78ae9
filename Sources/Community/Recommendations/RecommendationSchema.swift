import Storage

/// The recommendation tables, owned by `RecommendationService`: courses a member marked not
/// interesting.
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
            """)
    ]
}
