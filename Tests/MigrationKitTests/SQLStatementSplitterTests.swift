import MigrationKit
import Testing

@Suite("Splitting SQL files into statements")
struct SQLStatementSplitterTests {
    @Test("strings, identifiers, comments and dollar quotes keep their semicolons")
    func split() {
        let sql = """
            -- leading comment; not a statement
            CREATE TABLE "a;b" (x TEXT DEFAULT 'x;y');
            /* block; comment */
            INSERT INTO t VALUES ('it''s; here', `back;tick`);
            CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
            DO $tag$ BEGIN PERFORM 1; END $tag$;
            SELECT $1 + 2;
            ;;
            """
        #expect(SQLStatementSplitter.split(sql) == [
            "-- leading comment; not a statement\nCREATE TABLE \"a;b\" (x TEXT DEFAULT 'x;y')",
            "/* block; comment */\nINSERT INTO t VALUES ('it''s; here', `back;tick`)",
            "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
            "DO $tag$ BEGIN PERFORM 1; END $tag$",
            "SELECT $1 + 2",
        ])
    }

    @Test("backslash escapes where the dialect has them")
    func backslashes() {
        #expect(SQLStatementSplitter.split("INSERT INTO t VALUES ('a\\';b'); SELECT 1", backslashEscapes: true) == ["INSERT INTO t VALUES ('a\\';b')", "SELECT 1"])
        #expect(SQLStatementSplitter.split("SELECT 'a\\'; SELECT 2") == ["SELECT 'a\\'", "SELECT 2"])
    }

    @Test("only comments and spaces make no statement")
    func empty() {
        #expect(SQLStatementSplitter.split("  -- nothing\n/* here */ ;\n") == [])
    }
}
