package lurch.db;

/** Creating programs and runs for store tests. */
final class Runs {

    private Runs() {}

    static ProgramVersion program(Database db, String name) {
        return db.programs().saveVersion(name, "exec /bin/true", "tester");
    }

    static Run top(Database db, ProgramVersion version) {
        return db.runs().create(new NewRun(null, version.id(), "", "seq", "seq", "user:ann", "{\"vars\":{}}"));
    }

    static Run child(Database db, Run parent, String nodePath) {
        return db.runs().create(new NewRun(parent.id(), parent.programVersionId(), nodePath, "exec",
                "exec /bin/echo " + nodePath, null, "{}"));
    }
}
