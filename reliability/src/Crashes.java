import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kill -9 of the server in the middle of a run: a log flood, an isolate build (chroot, container), an
 * approve, a let, a pause. After the restart every run ends or carries on, and its stored lines are
 * exactly lines 1..N of its output.
 */
final class Crashes {

    private static final int FLOOD_LINES = 2_000_000;
    private static final int RECOVER_SECONDS = 120;

    private final Reliability.Options options;

    Crashes(Reliability.Options options) {
        this.options = options;
    }

    /** kill -9 a few seconds into {@code seq 1 2000000}: the run fails with a line saying so, lines 1..N stored. */
    Outcome flood() throws Exception {
        try (Lab lab = Lab.of(options, "flood", Map.of()).start()) {
            // the process outlives the flood, so that it surely runs when the server is killed; the shell stays
            // (": " after the sleep), holding the lab's marker as its $0
            lab.api().putProgram("flood", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"seq 1 "
                    + FLOOD_LINES + "; sleep 600; :\" \"" + lab.marker() + "\")))");
            long run = lab.api().start("flood");
            lab.awaitStatus(run, "running", 60);
            Thread.sleep(4000);
            double recover = lab.crashAndRestart();
            List<String> broken = new ArrayList<>();
            String status = lab.api().awaitEnd(run);
            List<String> lines = lab.lines(run);
            Exactness exact = Exactness.of(lines);
            broken.addAll(exact.problems());
            if (!status.equals("failure")) {
                broken.add("the run lost with the server ended " + status);
            }
            if (lines.stream().noneMatch(l -> l.contains("restarted"))) {
                broken.add("no line says the process was lost with the server");
            }
            if (!lab.processesRunning().isEmpty()) {
                broken.add("the run's process still runs after the restart");
            }
            if (!lab.mountsUnderHome().stream().filter(m -> !m.contains("/isolates/")).toList().isEmpty()) {
                broken.add("mounts left under LURCH_HOME");
            }
            return Outcome.checked("flood", "kill -9 during a 2,000,000-line log flood",
                    "lines %d stored, 1..N %s; run %s; recovered in %.1f s".formatted(exact.stored(),
                            exact.problems().isEmpty() ? "exact" : "broken", status, recover), broken);
        }
    }

    /** kill -9 while an isolate is being built: leftovers removed at start, the run ends with a clear line. */
    Outcome isolateBuild(String id, String builder) throws Exception {
        try (Lab lab = Lab.of(options, id, Map.of()).start()) {
            lab.api().putProgram(id, "(isolate " + builder + " (exec \"/bin/echo\" (\"built\")))");
            long run = lab.api().start(id);
            Thread.sleep(150); // inside the isolate's set-up (a chroot takes ~100 ms, a container longer)
            double recover = lab.crashAndRestart();
            List<String> broken = new ArrayList<>();
            String status = lab.api().awaitEnd(run);
            if (status.equals("failure") && lab.lines(run).stream().noneMatch(l -> l.contains("restarted"))) {
                broken.add("failed without a line saying why");
            }
            long again = lab.api().start(id);
            String next = lab.api().awaitEnd(again);
            if (!next.equals("success")) {
                broken.add("a new run after the restart ended " + next);
            }
            lab.close();
            if (!lab.mountsUnderHome().isEmpty()) {
                broken.add("mounts left under LURCH_HOME: " + lab.mountsUnderHome());
            }
            return Outcome.checked(id, "kill -9 during an isolate build " + builder,
                    "run %s, next run %s; recovered in %.1f s".formatted(status, next, recover), broken);
        }
    }

    /** kill -9 while a run waits for a person (approve or let): it still waits after the restart and goes on. */
    Outcome personWait(String id, String program, String path, String body) throws Exception {
        try (Lab lab = Lab.of(options, id, Map.of()).start()) {
            lab.api().putProgram(id, program);
            long run = lab.api().start(id);
            List<String> broken = new ArrayList<>();
            if (!lab.awaitWaiting(run, 60)) {
                broken.add("never waited");
            }
            double recover = lab.crashAndRestart();
            String before = lab.awaitWaiting(run, 0) ? "waiting" : lab.status(run);
            if (!before.equals("waiting")) {
                broken.add("after the restart it is " + before + ", not waiting");
            }
            lab.api().post("/api/runs/" + run + path, body, 200); // the API finds the waiting run below
            String status = lab.api().awaitEnd(run);
            if (!status.equals("success")) {
                broken.add("ended " + status + " after the answer");
            }
            return Outcome.checked(id, "kill -9 during " + (path.contains("approve") ? "an approve" : "a let") + " wait",
                    "waiting after restart: %s; then %s; recovered in %.1f s".formatted(before, status, recover), broken);
        }
    }

    /** kill -9 during a pause: the timer is set again from its deadline and the run goes on. */
    Outcome pause() throws Exception {
        try (Lab lab = Lab.of(options, "pause", Map.of()).start()) {
            lab.api().putProgram("pause", "(sequence (pause 20) (no-op 0))");
            long run = lab.api().start("pause");
            lab.awaitStatus(run, "running", 30);
            double recover = lab.crashAndRestart();
            long t0 = System.nanoTime();
            String status = lab.api().awaitEnd(run);
            double after = (System.nanoTime() - t0) / 1e9;
            List<String> broken = new ArrayList<>();
            if (!status.equals("success")) {
                broken.add("ended " + status);
            }
            if (after > RECOVER_SECONDS) {
                broken.add("took " + after + " s to end after the restart");
            }
            return Outcome.checked("pause", "kill -9 during a pause",
                    "run %s %.1f s after the restart; recovered in %.1f s".formatted(status, after, recover), broken);
        }
    }
}
