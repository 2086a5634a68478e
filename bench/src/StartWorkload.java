import java.util.ArrayList;
import java.util.List;

/** W4: server start to {@code /health} 200, and its resident memory once idle. */
final class StartWorkload {

    private static final long SETTLE_MILLIS = 1000;
    /** Past the JVM's 5 s cleaning of its compiler arenas and the launcher's 5 s native heap trim after it. */
    private static final long SETTLED_MILLIS = 11_000;

    private final Setup setup;
    private final List<Double> startSeconds = new ArrayList<>();
    private final List<Double> idleMib = new ArrayList<>();
    private final List<Double> settledMib = new ArrayList<>();

    StartWorkload(Setup setup) {
        this.setup = setup;
    }

    /**
     * Starts and stops the server {@code rounds} times after a first start that creates the schema
     * (and the launcher's class-data archive), then starts the one the other workloads use, and measures it
     * once more when it has settled.
     */
    Server startMeasured() throws Exception {
        Server.start(setup).close();
        for (int i = 0; i < setup.rounds(); i++) {
            try (Server server = measure()) {
                // only the figures are wanted
            }
        }
        Server server = measure();
        Thread.sleep(SETTLED_MILLIS - SETTLE_MILLIS);
        settledMib.add(server.rssMib("VmRSS"));
        return server;
    }

    private Server measure() throws Exception {
        Server server = Server.start(setup);
        startSeconds.add(server.startMillis() / 1000);
        Thread.sleep(SETTLE_MILLIS);
        idleMib.add(server.rssMib("VmRSS"));
        return server;
    }

    List<Row> rows() {
        return List.of(
                Row.atMost("W4", "./lurch serve to /health 200", startSeconds, "s", 0.5),
                Row.atMost("W4.idle_rss", "server VmRSS 1 s after start", idleMib, "MiB", 80),
                Row.info("W4.settled_rss", "server VmRSS 11 s after start, idle", settledMib, "MiB"));
    }
}
