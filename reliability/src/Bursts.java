import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Webhook deliveries under load and under kill -9: a burst with replays, a burst cut by a crash, and a
 * crash during the git fetch and workspace checkout of a build.
 */
final class Bursts {

    private static final int DISTINCT = 1000;
    private static final int REPLAYS = 200;
    private static final int CUT_BURST = 600;
    private static final int CHECKOUT_FILES = 20_000;
    private static final int PROCESS_SECONDS = 600;
    private static final String NO_OP = "(no-op 0)";

    private final Reliability.Options options;

    Bursts(Reliability.Options options) {
        this.options = options;
    }

    /** 1,000 distinct deliveries and 200 replays, 16 at a time: exactly 1,000 builds, each answered within 1 s. */
    Outcome burst() throws Exception {
        try (Lab lab = Lab.of(options, "burst", Map.of()).start()) {
            Deliveries deliveries = Deliveries.register(lab, "reliability/burst", Map.of(".lurch", NO_OP));
            List<String> ids = Deliveries.ids("burst-", 0, DISTINCT);
            List<String> all = new ArrayList<>(ids);
            all.addAll(ids.subList(0, REPLAYS));
            deliveries.send(all);
            List<String> broken = new ArrayList<>();
            if (!deliveries.awaitProcessed(PROCESS_SECONDS)) {
                broken.add("still processing after " + PROCESS_SECONDS + " s");
            }
            List<String> built = deliveries.builtCreators("burst-");
            long distinct = new HashSet<>(built).size();
            if (built.size() != DISTINCT || distinct != DISTINCT) {
                broken.add(built.size() + " builds of " + distinct + " deliveries, not " + DISTINCT);
            }
            if (deliveries.answered.size() != DISTINCT) {
                broken.add(deliveries.answered.size() + " ids answered 2xx, " + deliveries.refused() + " refused");
            }
            if (deliveries.slowestSeconds() >= 1) {
                broken.add("slowest answer %.2f s".formatted(deliveries.slowestSeconds()));
            }
            return Outcome.checked("burst", "1,000 deliveries + 200 replays, 16 at a time",
                    "answered %d ids, built %d; slowest answer %.2f s".formatted(deliveries.answered.size(),
                            built.size(), deliveries.slowestSeconds()), broken);
        }
    }

    /** kill -9 while a burst is being answered: every delivery answered 2xx is built, once. */
    Outcome burstKill() throws Exception {
        try (Lab lab = Lab.of(options, "burst-kill", Map.of()).start()) {
            Deliveries deliveries = Deliveries.register(lab, "reliability/cut", Map.of(".lurch", NO_OP));
            Thread sender = Thread.ofPlatform().start(() -> {
                try {
                    deliveries.send(Deliveries.ids("cut-", 0, CUT_BURST));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            while (deliveries.answered.size() < CUT_BURST / 2 && sender.isAlive()) {
                Thread.sleep(5);
            }
            double recover = lab.crashAndRestart();
            sender.join();
            List<String> broken = new ArrayList<>();
            if (!deliveries.awaitProcessed(PROCESS_SECONDS)) {
                broken.add("still processing after " + PROCESS_SECONDS + " s");
            }
            List<String> built = deliveries.builtCreators("cut-");
            Set<String> builtIds = new HashSet<>();
            built.forEach(c -> builtIds.add(c.substring("webhook:".length())));
            long lost = deliveries.answered.stream().filter(id -> !builtIds.contains(id)).count();
            long twice = built.size() - builtIds.size();
            if (lost > 0) {
                broken.add(lost + " answered 2xx but never built (" + deliveries.outcomes("cut-") + ")");
            }
            if (twice > 0) {
                broken.add(twice + " built twice");
            }
            return Outcome.checked("burst-kill", "kill -9 in the middle of a burst of " + CUT_BURST,
                    "answered %d, built %d (%d lost, %d twice); recovered in %.1f s".formatted(
                            deliveries.answered.size(), built.size(), lost, twice, recover), broken);
        }
    }

    /**
     * kill -9 during the fetch and checkout of a build of a repository of 20,000 files: after the restart the build
     * runs once, on the whole checkout.
     */
    Outcome checkout() throws Exception {
        try (Lab lab = Lab.of(options, "checkout", Map.of()).start()) {
            Map<String, String> files = new java.util.HashMap<>();
            for (int i = 0; i < CHECKOUT_FILES; i++) {
                files.put("files/f" + i, "file " + i + "\n");
            }
            files.put(".lurch", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"ls /workspace/files | wc -l\")))");
            Deliveries deliveries = Deliveries.register(lab, "reliability/checkout", files);
            deliveries.send(List.of("checkout-1"));
            Thread.sleep(1500); // the mirror's first fetch, then the checkout of 20,000 files
            double recover = lab.crashAndRestart();
            List<String> broken = new ArrayList<>();
            if (!deliveries.awaitProcessed(PROCESS_SECONDS)) {
                broken.add("still processing after " + PROCESS_SECONDS + " s");
            }
            String runs = lab.api().get("/api/runs?program=reliability/checkout&limit=10");
            var id = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(runs);
            String status = "none";
            String counted = "none";
            if (id.find()) {
                long run = Long.parseLong(id.group(1));
                status = lab.api().awaitEnd(run);
                counted = lab.lines(run).stream().filter(l -> l.strip().matches("\\d+")).findFirst().orElse("none").strip();
            }
            if (!counted.equals(Integer.toString(CHECKOUT_FILES))) {
                broken.add("the build saw " + counted + " of " + CHECKOUT_FILES + " files");
            }
            String delivery = lab.api().get("/api/deliveries?repo=reliability/checkout");
            var message = java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"([^\"]*)\"").matcher(delivery);
            String said = message.find() ? message.group(1) : "no delivery stored";
            List<String> built = deliveries.builtCreators("checkout-");
            if (built.size() != 1) {
                broken.add(built.size() + " builds of the one delivery (answered 2xx: "
                        + deliveries.answered.contains("checkout-1") + "; " + said + ")");
            }
            return Outcome.checked("checkout", "kill -9 during a git fetch / workspace checkout",
                    "build %s on %s of %d files, %d build(s); recovered in %.1f s".formatted(status, counted,
                            CHECKOUT_FILES, built.size(), recover), broken);
        }
    }
}
