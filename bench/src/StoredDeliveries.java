import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts W6's deliveries in the database once the server has stopped (H2 allows one process at a
 * time): the REST API lists at most 1,000 and has no count. psql for PostgreSQL, H2's own shell
 * from the local Maven repository for H2.
 */
final class StoredDeliveries {

    private static final String SQL = "SELECT COUNT(*) FROM deliveries WHERE delivery_key LIKE 'bench-%'";
    private static final String H2_VERSION = "2.5.252";

    static long count(Setup setup) throws IOException, InterruptedException {
        for (String line : query(setup, SQL)) {
            if (line.strip().matches("\\d+")) {
                return Long.parseLong(line.strip());
            }
        }
        throw new IOException("no count in the answer to " + SQL);
    }

    /** The output lines of {@code sql} run by the database's own shell (H2: only while no server holds the file). */
    static List<String> query(Setup setup, String sql) throws IOException, InterruptedException {
        List<String> command = setup.dbUrl() == null ? h2Shell(setup, sql) : psql(setup, sql);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(sql + " failed: " + out);
        }
        return out.lines().toList();
    }

    private static List<String> psql(Setup setup, String sql) {
        // jdbc:postgresql://HOST:PORT/DB -> postgresql://USER@HOST:PORT/DB
        String url = setup.dbUrl().replaceFirst("^jdbc:postgresql://", "postgresql://" + setup.dbUser() + "@");
        return List.of("psql", "-At", url, "-c", sql);
    }

    private static List<String> h2Shell(Setup setup, String sql) throws IOException {
        Path jar = Path.of(System.getProperty("user.home"), ".m2/repository/com/h2database/h2", H2_VERSION,
                "h2-" + H2_VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no " + jar + " (the build downloads it)");
        }
        String url = "jdbc:h2:file:" + setup.home().resolve("db/lurch") + ";MODE=PostgreSQL";
        return List.of(Path.of(System.getProperty("java.home"), "bin/java").toString(), "-cp", jar.toString(),
                "org.h2.tools.Shell", "-url", url, "-sql", sql);
    }

    private StoredDeliveries() {}
}
