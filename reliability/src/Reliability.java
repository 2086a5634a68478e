import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Injects faults into real Lurch servers (kill -9 at bad moments, delivery bursts, SIGTERM, a database restart,
 * Docker going away, a full disk) and checks from the outside (API, CLI, SQL) that no run, delivery or line is lost
 * and nothing stays running. Prints one row per scenario; exits 1 when any failed. Started by
 * {@code reliability/run}, which prepares the scratch directory and the database and cleans both up.
 *
 * <p>Usage: {@code java Reliability --root DIR --work DIR [--db-url URL --db-user USER] [--pg-restart CMD]
 * [--docker-image IMAGE] [--only flood,burst,...] [--json FILE]}
 */
public final class Reliability {

    /** The command line: where things are, the database and how to restart it, which scenarios, where JSON goes. */
    record Options(Path root, Path work, String dbUrl, String dbUser, String pgRestart, String dockerImage,
                   Set<String> only, Path json) {

        boolean wants(String id) {
            return only.isEmpty() || only.contains(id);
        }

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected " + args[i]);
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            if (!values.containsKey("root") || !values.containsKey("work") || args.length % 2 != 0) {
                throw new IllegalArgumentException("usage: Reliability --root DIR --work DIR [--db-url URL --db-user USER]"
                        + " [--pg-restart CMD] [--docker-image IMAGE] [--only flood,burst,...] [--json FILE]");
            }
            String only = values.getOrDefault("only", "");
            return new Options(Path.of(values.get("root")), Path.of(values.get("work")), values.get("db-url"),
                    values.get("db-user"), values.getOrDefault("pg-restart", "pg_ctlcluster 15 main restart"),
                    values.getOrDefault("docker-image", "lurch-test/busybox:latest"),
                    only.isEmpty() ? Set.of() : Set.of(only.split(",")),
                    values.containsKey("json") ? Path.of(values.get("json")) : null);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Crashes crashes = new Crashes(options);
        Bursts bursts = new Bursts(options);
        EnvironmentFaults environment = new EnvironmentFaults(options);
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        scenarios.put("flood", new Scenario("kill -9 during a log flood", crashes::flood));
        scenarios.put("burst", new Scenario("a delivery burst", bursts::burst));
        scenarios.put("burst-kill", new Scenario("kill -9 during a delivery burst", bursts::burstKill));
        scenarios.put("checkout", new Scenario("kill -9 during a git fetch / checkout", bursts::checkout));
        scenarios.put("chroot", new Scenario("kill -9 during a chroot build",
                () -> crashes.isolateBuild("chroot", "(chroot \"busybox\")")));
        scenarios.put("container", new Scenario("kill -9 during a container build",
                () -> crashes.isolateBuild("container", "(docker \"" + options.dockerImage() + "\")")));
        scenarios.put("approve", new Scenario("kill -9 during an approve wait", () -> crashes.personWait("approve",
                "(sequence (approve 3600 \"go?\" f) (no-op 0))", "/approve", "{\"approve\": true}")));
        scenarios.put("let", new Scenario("kill -9 during a let wait", () -> crashes.personWait("let",
                "(let answer \"no\" \"go?\" (no-op 0))", "/answer", "{\"value\": \"yes\"}")));
        scenarios.put("pause", new Scenario("kill -9 during a pause", crashes::pause));
        scenarios.put("sigterm", new Scenario("graceful SIGTERM", environment::sigterm));
        scenarios.put("pg-restart", new Scenario("PostgreSQL restarts", environment::pgRestart));
        scenarios.put("docker-loss", new Scenario("the Docker engine goes away", environment::dockerLoss));
        scenarios.put("full-disk", new Scenario("a full disk", environment::fullDisk));
        List<Outcome> outcomes = new ArrayList<>();
        for (var entry : scenarios.entrySet()) {
            if (!options.wants(entry.getKey())) {
                continue;
            }
            System.err.println("reliability: " + entry.getKey());
            Outcome outcome;
            try {
                outcome = entry.getValue().check().call();
            } catch (Exception e) {
                outcome = Outcome.error(entry.getKey(), entry.getValue().fault(), e);
            }
            System.err.println("reliability: " + entry.getKey() + " " + outcome.verdict() + " " + outcome.note());
            outcomes.add(outcome);
        }
        String db = options.dbUrl() == null ? "h2" : "postgresql";
        System.out.print(table(outcomes, db));
        if (options.json() != null) {
            Files.writeString(options.json(), json(outcomes, db));
        }
        System.exit(outcomes.stream().anyMatch(o -> o.verdict() == Outcome.Verdict.FAIL) ? 1 : 0);
    }

    /** A scenario: the fault it injects and the check that injects it and returns the row. */
    private record Scenario(String fault, Callable<Outcome> check) {}

    /** A Markdown table, as docs/operations.md keeps it. */
    static String table(List<Outcome> outcomes, String db) {
        StringBuilder out = new StringBuilder("| scenario | db | fault | figures | result |\n|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            out.append("| %s | %s | %s | %s | %s%s |\n".formatted(o.id(), db, o.fault(), o.figures(),
                    o.verdict().name().toLowerCase(), o.note().isEmpty() ? "" : ": " + o.note()));
        }
        return out.toString();
    }

    private static String json(List<Outcome> outcomes, String db) {
        List<String> rows = new ArrayList<>();
        for (Outcome o : outcomes) {
            rows.add("{\"scenario\":%s,\"db\":%s,\"fault\":%s,\"figures\":%s,\"result\":%s,\"note\":%s}".formatted(
                    quote(o.id()), quote(db), quote(o.fault()), quote(o.figures()),
                    quote(o.verdict().name().toLowerCase()), quote(o.note())));
        }
        return "[\n" + String.join(",\n", rows) + "\n]\n";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private Reliability() {}

}
