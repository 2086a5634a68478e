import java.nio.file.Path;
import java.util.Map;

/**
 * Where a bench run works: the repository root (for {@code ./lurch}), a scratch directory of its
 * own, the server's LURCH_HOME inside it, the database (null URL: the embedded H2), and any further
 * environment for the server (e.g. DOCKER_HOST).
 */
record Setup(Path root, Path work, String dbUrl, String dbUser, int rounds, Map<String, String> environment) {

    Setup(Path root, Path work, String dbUrl, String dbUser, int rounds) {
        this(root, work, dbUrl, dbUser, rounds, Map.of());
    }

    Path home() {
        return work.resolve("home");
    }

    String dbName() {
        return dbUrl == null ? "h2" : "postgresql";
    }
}
