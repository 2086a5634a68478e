import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Measures a real Lurch server from the outside on workloads W1-W8 and prints one table (and, with
 * {@code --json FILE}, the same as JSON). Started by {@code bench/run}, which prepares the scratch
 * directory and the database and cleans both up.
 *
 * <p>Usage: {@code java Bench.java --root DIR --work DIR --busybox PATH [--db-url URL --db-user USER]
 * [--rounds N] [--only W1,W7,...] [--json FILE]}
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Setup setup = options.setup();
        String loadBefore = loadAverage();
        List<Row> rows = new ArrayList<>();
        StartWorkload start = new StartWorkload(setup);
        progress("W4: starting the server " + (setup.rounds() + 2) + " times");
        HookWorkload.Load hooks = null;
        try (Server server = start.startMeasured()) {
            rows.addAll(start.rows());
            Api api = new Api(server.url(), server.token());
            RunWorkloads runs = new RunWorkloads(api, server, setup.rounds());
            Cli cli = new Cli(setup, server);
            ReadWorkloads reads = new ReadWorkloads(cli, server, setup.rounds());
            if (options.wants("W2")) {
                progress("W2.baseline");
                rows.add(Baseline.w2(setup.work(), options.busybox(), setup.rounds()));
            }
            if (options.wants("W1")) {
                progress("W1");
                rows.add(runs.w1());
            }
            if (options.wants("W2")) {
                progress("W2");
                rows.addAll(runs.w2());
            }
            if (options.wants("W3")) {
                progress("W3.baseline");
                rows.add(Baseline.w3(setup.work(), options.busybox(), setup.rounds()));
                progress("W3");
                rows.addAll(runs.w3());
                Thread.sleep(2000);
                rows.add(Row.info("W4.rss_after", "server VmRSS 2 s after W1-W3", List.of(server.rssMib("VmRSS")), "MiB"));
            }
            if (options.wants("W5")) {
                progress("W5");
                rows.add(runs.w5());
            }
            if (options.wants("W7") && options.wants("W3")) {
                progress("W7.logs");
                rows.add(reads.w7Logs(runs.millionLineRun()));
                progress("W7.raw");
                rows.addAll(reads.w7Raw(runs.millionLineRun()));
            }
            if (options.wants("W7")) {
                progress("W7.page: making a history of 10,000 runs");
                rows.add(new HistoryWorkload(api).w7Page());
            }
            if (options.wants("W8")) {
                progress("W8");
                rows.add(reads.w8());
            }
            if (options.wants("W6")) {
                progress("W6"); // last: the skipped deliveries are still being processed for a while after
                hooks = new HookWorkload(setup, server, cli).load();
            }
        }
        if (hooks != null) {
            rows.addAll(hooks.rows(StoredDeliveries.count(setup)));
        }
        rows.sort(Comparator.comparing(Row::id));
        System.out.print(Report.table(rows, setup.dbName()));
        // figures on a shared machine mean little without what else was running
        System.out.printf("machine: %d cpus, load average %s before, %s after%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
        if (options.json() != null) {
            Report.writeJson(rows, setup.dbName(), options.json());
        }
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    static void progress(String what) {
        System.err.println("bench: " + what);
    }

    /** The command line: where things are, the database, how many rounds, where the JSON goes. */
    record Options(Setup setup, Path busybox, Path json, Set<String> only) {

        /** Whether workload {@code id} is to run (all do without {@code --only}); W4 always runs. */
        boolean wants(String id) {
            return only.isEmpty() || only.contains(id);
        }

        static Options parse(String[] args) {
            Path root = null, work = null, busybox = null, json = null;
            String dbUrl = null, dbUser = null;
            int rounds = 5;
            Set<String> only = Set.of();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--root" -> root = Path.of(value);
                    case "--work" -> work = Path.of(value);
                    case "--busybox" -> busybox = Path.of(value);
                    case "--db-url" -> dbUrl = value;
                    case "--db-user" -> dbUser = value;
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--json" -> json = Path.of(value);
                    case "--only" -> only = Set.of(value.split(","));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (root == null || work == null || busybox == null || args.length % 2 != 0) {
                throw new IllegalArgumentException("usage: Bench --root DIR --work DIR --busybox PATH "
                        + "[--db-url URL --db-user USER] [--rounds N] [--only W1,W7,...] [--json FILE]");
            }
            return new Options(new Setup(root, work, dbUrl, dbUser, rounds), busybox, json, only);
        }
    }
}
