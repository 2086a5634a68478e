import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scenario's server: a LURCH_HOME of its own under the scratch directory, the server started as a
 * user starts it ({@link Server}), crashed with kill -9 and started again on the same home and database.
 */
final class Lab implements AutoCloseable {

    private static final Pattern WAITING = Pattern.compile("\"status\"\\s*:\\s*\"waiting\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

    final Setup setup;
    private Server server;
    private Api api;

    Lab(Setup setup) {
        this.setup = setup;
    }

    /** A lab for scenario {@code id} in {@code work/id}, with extra environment for its server. */
    static Lab of(Reliability.Options options, String id, Map<String, String> environment) throws IOException {
        Path work = Files.createDirectories(options.work().resolve(id));
        return new Lab(new Setup(options.root(), work, options.dbUrl(), options.dbUser(), 0, environment));
    }

    Lab start() throws IOException, InterruptedException {
        server = Server.start(setup);
        api = new Api(server.url(), server.token());
        return this;
    }

    Api api() {
        return api;
    }

    Server server() {
        return server;
    }

    /** kill -9, then a new server on the same home; returns the seconds from the kill to a healthy server. */
    double crashAndRestart() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        server.kill();
        start();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The run's own status. */
    String status(long run) throws IOException, InterruptedException {
        Matcher m = STATUS.matcher(api.get("/api/runs/" + run));
        return m.find() ? m.group(1) : "unknown";
    }

    /** Polls until run {@code run} has the status {@code wanted}; false after {@code seconds}. */
    boolean awaitStatus(long run, String wanted, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (status(run).equals(wanted)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Polls until a run of the tree under {@code run} waits (for a person); false after {@code seconds}. */
    boolean awaitWaiting(long run, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        do {
            if (WAITING.matcher(api.get("/api/runs/" + run)).find()) {
                return true;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        return false;
    }

    /** The text of every stored line of the run and below it, in order (the tab-separated log stream). */
    List<String> lines(long run) throws IOException, InterruptedException {
        return api.get("/api/runs/" + run + "/logs?format=tsv").lines().filter(l -> !l.startsWith("# "))
                .map(l -> l.split("\t", 3)).map(f -> f.length == 3 ? f[2] : "").toList();
    }

    /** Stops the server (SIGTERM) so that H2's file can be read, then runs single-column {@code sql}. */
    List<String> sqlAfterStop(String sql) throws IOException, InterruptedException {
        close();
        List<String> values = new ArrayList<>();
        for (String line : StoredDeliveries.query(setup, sql)) {
            String value = line.strip();
            if (!value.isEmpty() && !value.startsWith("(") && !value.equalsIgnoreCase(sqlHeader(sql))) {
                values.add(value);
            }
        }
        return values;
    }

    /** H2's shell prints the column's name first. */
    private static String sqlHeader(String sql) {
        String select = sql.substring("SELECT ".length(), sql.toUpperCase().indexOf(" FROM "));
        return select.contains(" AS ") ? select.substring(select.lastIndexOf(' ') + 1) : select;
    }

    /**
     * A text no other lab's programs hold (its work directory, unique to a run of the harness): given as {@code $0}
     * of a shell that runs a scenario's program, it tells this lab's processes from those of a harness run beside
     * it (H2 and PostgreSQL at the same time).
     */
    String marker() {
        return setup.work().toString();
    }

    /** This lab's processes still running: those whose command line holds {@link #marker()}. */
    List<Long> processesRunning() throws IOException {
        return processesRunning(marker());
    }

    /** Processes whose command line contains {@code text}, other than this harness's own. */
    private static List<Long> processesRunning(String text) throws IOException {
        List<Long> found = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(dir.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains(text) && !cmdline.contains("java")) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        }
        return found;
    }

    /** Mount points under this lab's home (chroots a crash left behind). */
    List<String> mountsUnderHome() throws IOException {
        String home = setup.home().toString();
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1])
                .filter(m -> m.startsWith(home)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null && server.alive()) {
            server.close();
        }
    }
}
