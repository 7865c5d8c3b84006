import MigrationKit

/// A table carrying generated columns, covering, partial and expression indexes, in each database's own
/// SQL (what each has of them): the fixture of the reflection fidelity tests and of the comparison with
/// SQLAlchemy's inspector.
public enum FidelityFixture {
    /// The hand-written table per backend: what each database has of the features.
    public static let handWritten: [Backend: [String]] = [
        .postgresql: [
            """
            CREATE TABLE gadgets (
                id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40), price NUMERIC(10, 2) NOT NULL, qty INTEGER NOT NULL,
                deleted INTEGER NOT NULL DEFAULT 0,
                total NUMERIC(20, 2) GENERATED ALWAYS AS (price * qty) STORED
            )
            """,
            "CREATE INDEX ix_gadgets_name ON gadgets (name) INCLUDE (price, qty)",
            "CREATE INDEX ix_gadgets_live ON gadgets (name) WHERE deleted = 0",
            "CREATE INDEX ix_gadgets_lower ON gadgets (lower(name), qty)",
        ],
        .mysql: [
            """
            CREATE TABLE gadgets (
                id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40), price NUMERIC(10, 2) NOT NULL, qty INTEGER NOT NULL,
                deleted INTEGER NOT NULL DEFAULT 0,
                total NUMERIC(20, 2) AS (price * qty) STORED,
                half INTEGER AS (qty DIV 2) VIRTUAL,
                INDEX ix_gadgets_name (name)
            )
            """,
        ],
        .sqlite: [
            """
            CREATE TABLE gadgets (
                id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40), price NUMERIC(10, 2) NOT NULL, qty INTEGER NOT NULL,
                deleted INTEGER NOT NULL DEFAULT 0,
                total NUMERIC(20, 2) GENERATED ALWAYS AS (price * qty) STORED,
                half INTEGER GENERATED ALWAYS AS (qty / 2) VIRTUAL
            )
            """,
            "CREATE INDEX ix_gadgets_name ON gadgets (name)",
            "CREATE INDEX ix_gadgets_live ON gadgets (name) WHERE deleted = 0",
            "CREATE INDEX ix_gadgets_lower ON gadgets (lower(name), qty)",
        ],
    ]
}
