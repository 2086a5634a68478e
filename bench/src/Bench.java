import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Measures a real Lurch server from the outside on workloads W1-W8 and prints one table (and, with
 * {@code --json FILE}, the same as JSON). Started by {@code bench/run}, which prepares the scratch
 * directory and the database and cleans both up.
 *
 * <p>Usage: {@code java Bench.java --root DIR --work DIR --busybox PATH [--db-url URL --db-user USER]
 * [--rounds N] [--json FILE]}
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Setup setup = options.setup();
        List<Row> rows = new ArrayList<>();
        StartWorkload start = new StartWorkload(setup);
        progress("W4: starting the server " + (setup.rounds() + 2) + " times");
        try (Server server = start.startMeasured()) {
            rows.addAll(start.rows());
            Api api = new Api(server.url(), server.token());
            RunWorkloads runs = new RunWorkloads(api, server, setup.rounds());
            progress("W2.baseline");
            rows.add(Baseline.w2(setup.work(), options.busybox(), setup.rounds()));
            progress("W1");
            rows.add(runs.w1());
            progress("W2");
            rows.add(runs.w2());
            progress("W3");
            rows.addAll(runs.w3());
            Thread.sleep(2000);
            rows.add(Row.info("W4.rss_after", "server VmRSS 2 s after W1-W3", List.of(server.rssMib("VmRSS")), "MiB"));
            progress("W5");
            rows.add(runs.w5());
            ReadWorkloads reads = new ReadWorkloads(new Cli(setup, server), setup.rounds());
            progress("W7.logs");
            rows.add(reads.w7Logs(runs.millionLineRun()));
            progress("W8");
            rows.add(reads.w8());
        }
        rows.sort(Comparator.comparing(Row::id));
        System.out.print(Report.table(rows, setup.dbName()));
        if (options.json() != null) {
            Report.writeJson(rows, setup.dbName(), options.json());
        }
    }

    static void progress(String what) {
        System.err.println("bench: " + what);
    }

    /** The command line: where things are, the database, how many rounds, where the JSON goes. */
    record Options(Setup setup, Path busybox, Path json) {

        static Options parse(String[] args) {
            Path root = null, work = null, busybox = null, json = null;
            String dbUrl = null, dbUser = null;
            int rounds = 5;
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
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (root == null || work == null || busybox == null || args.length % 2 != 0) {
                throw new IllegalArgumentException("usage: Bench --root DIR --work DIR --busybox PATH "
                        + "[--db-url URL --db-user USER] [--rounds N] [--json FILE]");
            }
            return new Options(new Setup(root, work, dbUrl, dbUser, rounds), busybox, json);
        }
    }
}
