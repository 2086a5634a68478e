import java.nio.file.Path;

/**
 * Where a bench run works: the repository root (for {@code ./lurch}), a scratch directory of its
 * own, the server's LURCH_HOME inside it, and the database (null URL: the embedded H2).
 */
record Setup(Path root, Path work, String dbUrl, String dbUser, int rounds) {

    Path home() {
        return work.resolve("home");
    }

    String dbName() {
        return dbUrl == null ? "h2" : "postgresql";
    }
}
