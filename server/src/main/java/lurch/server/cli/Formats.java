package lurch.server.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The contract's output formats: tab-separated rows, ISO-8601 local times to the second, and
 * {@code n.a.} for anything absent. Fields come from the API's JSON (UTC instants, numbers).
 */
final class Formats {

    static final String NONE = "n.a.";
    static final String PROGRAMS_HEADER = "# name\tversion\tlast run\tlast start\tlast stop\tlast exit code";
    static final String RUNS_HEADER = "# run\tprogram\tstatus\tcreated\tstarted\tstopped\texit code\tcpu user s"
            + "\tcpu sys s\tmem peak bytes";
    static final String TREE_HEADER = "# run\tcommand\tstatus\texit code\tduration s\tcpu user s\tcpu sys s"
            + "\tmem peak bytes";
    static final String LOGS_HEADER = "# run\ttime\tline";
    static final String REPOS_HEADER = "# name\turl\tsecret\tstatus api\ttoken\tcancel previous\tpull requests"
            + "\tcreated\tbranches\ttags";
    static final String NOTIFY_HEADER = "# program\turl\tsecret\ton";
    static final String TOKENS_HEADER = "# name\trole\tcreated\tlast used";
    static final String WORKERS_HEADER = "# worker\tstate\tisolates\tlast seen";
    /** The column {@code show} adds when a run of the tree ran on a worker. */
    static final String WORKER_COLUMN = "\tworker";

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final ZoneId zone;

    Formats(ZoneId zone) {
        this.zone = zone;
    }

    String programRow(Map<String, Object> p) {
        return row(p.get("name"), p.get("version"), value(p.get("last_run")), time(p.get("last_start")),
                time(p.get("last_stop")), value(p.get("last_exit_code")));
    }

    String runRow(Map<String, Object> r) {
        return row(r.get("id"), r.get("program"), status(r), time(r.get("created")), time(r.get("started")),
                time(r.get("stopped")), value(r.get("exit_code")), seconds(r.get("cpu_user")),
                seconds(r.get("cpu_system")), value(r.get("mem_peak")));
    }

    /** Of secret and token only whether they are set: the server never sends any part of them. */
    String repoRow(Map<String, Object> r) {
        return row(r.get("name"), r.get("url"), isSet(r.get("secret_set")), value(r.get("forge")),
                isSet(r.get("token_set")), Boolean.TRUE.equals(r.get("cancel_previous")) ? "yes" : "no",
                value(r.get("pull_requests")), time(r.get("created")),
                r.get("branches") == null ? "all" : r.get("branches"),
                Boolean.FALSE.equals(r.get("tags")) ? "off" : "on");
    }

    /**
     * Lines above {@code show}'s tree, each starting with "# " as the table's header does, so that tools that skip
     * comment lines read the tree alone: repository, ref, commit and its page, author, the message's first line.
     */
    List<String> gitHeader(Map<String, Object> git) {
        List<String> lines = new java.util.ArrayList<>();
        for (String key : List.of("repo", "ref", "commit", "author", "message")) {
            Object value = git.get(key);
            if (value == null || value.toString().isEmpty()) {
                continue;
            }
            String text = value.toString().lines().findFirst().orElse("");
            if (key.equals("commit") && git.get("commit_url") != null) {
                text += " " + git.get("commit_url");
            }
            lines.add("# " + (key.equals("repo") ? "repository" : key) + ": " + text);
        }
        return lines;
    }

    String notifyRow(Map<String, Object> n) {
        return row(n.get("program"), n.get("url"), isSet(n.get("secret_set")), n.get("on"));
    }

    String tokenRow(Map<String, Object> t) {
        return row(t.get("name"), value(t.get("role")), time(t.get("created")), time(t.get("last_used")));
    }

    private static String isSet(Object flag) {
        return Boolean.TRUE.equals(flag) ? "set" : NONE;
    }

    /**
     * One line of {@code show}: the run number indented two spaces per level below the shown run; with
     * {@code onWorkers}, the worker it ran on ({@code n.a.}: the server) in a last column.
     */
    String treeRow(Map<String, Object> r, Instant now, boolean onWorkers) {
        int depth = ((Number) r.getOrDefault("depth", 0L)).intValue();
        Object label = r.get("label") == null ? r.get("command") : r.get("label");
        String row = row("  ".repeat(depth) + r.get("id"), label, status(r), value(r.get("exit_code")),
                duration(r.get("started"), r.get("stopped"), now), seconds(r.get("cpu_user")),
                seconds(r.get("cpu_system")), value(r.get("mem_peak")));
        return onWorkers ? row + "\t" + value(r.get("worker")) : row;
    }

    String workerRow(Map<String, Object> w) {
        return row(w.get("name"), w.get("state"), w.get("isolates"), time(w.get("last_seen")));
    }

    String time(Object isoInstant) {
        return isoInstant == null ? NONE
                : LOCAL_TIME.format(LocalDateTime.ofInstant(Instant.parse(isoInstant.toString()), zone));
    }

    static String value(Object value) {
        return value == null ? NONE : value.toString();
    }

    /** "waiting for approval" says more than "waiting". */
    static String status(Map<String, Object> run) {
        Object waitingFor = run.get("waiting_for");
        return waitingFor == null ? value(run.get("status")) : run.get("status") + " for " + waitingFor;
    }

    static String seconds(Object value) {
        // BigDecimal, not String.format: loading java.util.Formatter costs a CLI call ~20 ms.
        return value instanceof Number n
                ? BigDecimal.valueOf(n.doubleValue()).setScale(3, RoundingMode.HALF_UP).toPlainString()
                : NONE;
    }

    /** Wall time from start to stop, or up to now while the run goes on. */
    static String duration(Object started, Object stopped, Instant now) {
        if (started == null) {
            return NONE;
        }
        Instant end = stopped == null ? now : Instant.parse(stopped.toString());
        return seconds(Duration.between(Instant.parse(started.toString()), end).toMillis() / 1000.0);
    }

    static String row(Object... cells) {
        StringJoiner joiner = new StringJoiner("\t");
        for (Object cell : cells) {
            joiner.add(String.valueOf(cell));
        }
        return joiner.toString();
    }
}
