package lurch.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.Usage;
import lurch.db.testing.TestDatabase;
import lurch.server.Config;
import lurch.server.api.ApiTestServer;
import lurch.server.api.TestLogLines;
import lurch.server.api.TestWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI against the real API server, as a user at a terminal sees it. */
class CliEndToEndTest {

    private ApiTestServer api;

    /** What one CLI call printed and returned. */
    record Result(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        api = new ApiTestServer(TestDatabase.H2);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Result lurch(String stdin, String... args) {
        return lurch(Map.of("LURCH_URL", api.url(), "LURCH_HOME", api.home.toString()), stdin, args);
    }

    private static Result lurch(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(List.of(args), Config.of(env, Map.of()),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void importStartListAndWait() {
        assertEquals(new Result(0, "Program hello stored as version 1.\n", ""), lurch("(no-op 3)\n", "import", "hello"));
        Result programs = lurch("", "programs");
        assertEquals("# name\tversion\tlast run\tlast start\tlast stop\tlast exit code", programs.out().lines().findFirst().orElseThrow());
        assertEquals("hello\t1\tn.a.\tn.a.\tn.a.\tn.a.", programs.out().lines().skip(1).findFirst().orElseThrow());

        assertEquals(new Result(0, "Program hello started as run #1.\n", ""), lurch("", "start", "hello", "x=1"));
        assertEquals(Map.of("x", "1"), api.control.started.getFirst().presets());
        api.control.end(1, RunStatus.FAILURE, 3, new Usage(0.5, 0.25, 4096));

        List<String> runs = lurch("", "runs", "hello", "-n", "10").out().lines().toList();
        assertEquals(2, runs.size());
        assertTrue(runs.get(0).startsWith("# run\tprogram\tstatus\tcreated\t"));
        assertTrue(runs.get(1).matches("1\thello\tfailure\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\tn\\.a\\.\t"
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\t3\t0\\.500\t0\\.250\t4096"), runs.get(1));

        assertEquals(new Result(3, "Run #1: failure (exit code 3)\n", ""), lurch("", "wait", "1"));
        lurch("", "start", "hello");
        api.control.cancel(2, "user:test");
        assertEquals(new Result(255, "Run #2: cancelled (exit code -130)\n", ""), lurch("", "wait", "2"));
    }

    @Test
    void showIndentsTheTreeAndLogsPrintEveryLineBelow() {
        lurch("(no-op 0)", "import", "hello");
        lurch("", "start", "hello");
        Run top = api.db.runs().get(1).orElseThrow();
        Run child = api.control.child(top, "exec");
        List<String> shown = lurch("", "show", "1").out().lines().toList();
        assertEquals("# run\tcommand\tstatus\texit code\tduration s\tcpu user s\tcpu sys s\tmem peak bytes", shown.get(0));
        assertTrue(shown.get(1).startsWith("1\tno-op 0\twaiting for start\tn.a.\tn.a.\t"), shown.get(1));
        assertTrue(shown.get(2).startsWith("  " + child.id() + "\texec\twaiting"), shown.get(2));

        TestLogLines.append(api, 1, child.id(), 1, 3);
        List<String> logs = lurch("", "logs", "1").out().lines().toList();
        assertEquals("# run\ttime\tline", logs.get(0));
        assertEquals(4, logs.size());
        assertTrue(logs.get(2).matches(child.id() + "\t\\S+\tline 2"), logs.get(2));
    }

    @Test
    void workersListsEachWorkerAndShowAddsAWorkerColumnOnlyForTreesThatRanOnOne() {
        assertEquals(new Result(0, "# worker\tstate\tisolates\tlast seen\n", ""), lurch("", "workers"));
        Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
        api.db.workers().register("build-1", t0);
        api.db.workers().heartbeat("build-1", 1, t0.plusSeconds(3));
        api.db.workers().register("build-2", t0);
        api.db.workers().stopped("build-2", t0.plusSeconds(9));
        String seen = LocalDateTime.ofInstant(t0.plusSeconds(3), ZoneId.systemDefault()).toString();
        String stopped = LocalDateTime.ofInstant(t0.plusSeconds(9), ZoneId.systemDefault()).toString();
        assertEquals(new Result(0, "# worker\tstate\tisolates\tlast seen\nbuild-1\tbusy\t1\t" + seen
                + "\nbuild-2\tstopped\t0\t" + stopped + "\n", ""), lurch("", "workers"));

        lurch("(no-op 0)", "import", "hello");
        lurch("", "start", "hello");
        Run top = api.db.runs().get(1).orElseThrow();
        Run isolate = api.control.child(top, "isolate");
        String header = "# run\tcommand\tstatus\texit code\tduration s\tcpu user s\tcpu sys s\tmem peak bytes";
        assertEquals(header, lurch("", "show", "1").out().lines().findFirst().orElseThrow(), "the server's alone");

        TestWorkers.ranOn(api.fresh.url(), api.fresh.user(), api.fresh.password(), isolate.id(), "build-1");
        List<String> shown = lurch("", "show", "1").out().lines().toList();
        assertEquals(header + "\tworker", shown.get(0));
        assertTrue(shown.get(1).startsWith("1\tno-op 0\t") && shown.get(1).endsWith("\tn.a."), shown.get(1));
        assertTrue(shown.get(2).startsWith("  " + isolate.id() + "\tisolate\t") && shown.get(2).endsWith("\tbuild-1"),
                shown.get(2));
    }

    @Test
    void errorsAreOneLineAndUsageErrorsExitTwo() {
        lurch("(no-op 0)", "import", "hello");
        lurch("", "start", "hello");
        assertEquals(new Result(1, "", "lurch: run #1 is not waiting for approval\n"), lurch("", "approve", "1"));
        assertEquals(new Result(1, "", "lurch: no run #42\n"), lurch("", "cancel", "42"));
        assertEquals(new Result(1, "", "lurch: 2:4: unknown command 'bad-command'\n"),
                lurch("(sequence\n  (bad-command 1))", "import", "broken"));

        Result usage = lurch("", "runs", "-n", "x");
        assertEquals(2, usage.exit());
        assertEquals("lurch: -n COUNT must be a whole number from 1 to 1000, not 'x'\nusage: lurch runs [NAME] [-n COUNT]\n",
                usage.err());

        Result unreachable = lurch(Map.of("LURCH_URL", "http://127.0.0.1:1", "LURCH_TOKEN", "t"), "", "programs");
        assertEquals(1, unreachable.exit());
        assertTrue(unreachable.err().startsWith("lurch: cannot reach the server at http://127.0.0.1:1: "), unreachable.err());
        Result badToken = lurch(Map.of("LURCH_URL", api.url(), "LURCH_TOKEN", "wrong"), "", "programs");
        assertEquals(new Result(1, "", "lurch: invalid API token\n"), badToken);
    }

    @Test
    void secretsComeFromStdinWithoutTheTrailingNewline() {
        lurch("(no-op 0)", "import", "owner/repo");
        assertEquals(0, lurch("s3cret\n", "secret", "set", "owner/repo", "TOKEN").exit());
        assertEquals(Map.of("TOKEN", "s3cret"), api.db.secrets().of("owner/repo"));
        assertEquals(0, lurch("", "secret", "rm", "owner/repo", "TOKEN").exit());
        assertEquals(new Result(1, "", "lurch: program 'owner/repo' has no secret TOKEN\n"),
                lurch("", "secret", "rm", "owner/repo", "TOKEN"));
    }
}
