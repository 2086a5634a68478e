package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import lurch.db.testing.TestDatabase;
import lurch.interpreter.eval.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The language's semantics as the engine steps them, on H2 and on PostgreSQL, with the leaves on a
 * {@link FakeExecutor}: no root, chroot or Docker. Every program names its own execs so tests do not share them.
 */
@ParameterizedClass
@MethodSource("lurch.db.testing.TestDatabases#both")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineSemanticsTest {
    @Parameter
    TestDatabase kind;
    FakeExecutor fake;
    EngineFixture lurch;

    @BeforeEach
    void startEngine() throws Exception {
        if (lurch != null && lurch.kind == kind) {
            return;
        }
        stopEngine();
        fake = FakeExecutor.dyingWithServers();
        lurch = EngineFixture.withFake(kind, fake, 100, null);
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (lurch != null) {
            lurch.close();
            lurch = null;
        }
    }

    private Run run(String name, String source) throws Exception {
        lurch.program(name, source);
        return lurch.await(lurch.start(name));
    }

    /** The output lines of the whole tree, in order. */
    private List<String> stdout(long topId) {
        return lurch.logs(topId).stream()
                .filter(l -> l.stream() == LogLine.Stream.STDOUT).map(LogLine::text).toList();
    }

    private long count(long topId, String command) {
        return lurch.tree(topId).stream().filter(r -> r.command().equals(command)).count();
    }

    @Test
    void aSequenceStopsAtTheFirstFailureWithItsExitCode() throws Exception {
        Run top = run("seq", """
                (isolate (chroot "busybox")
                  (sequence (exec "/bin/true") (exec "/bin/exit" ("3")) (exec "/bin/echo" ("never"))))""");
        assertEquals(RunStatus.FAILURE, top.status());
        assertEquals(3, top.exitCode());
        assertEquals(2, count(top.id(), "exec"), "the third exec never ran");
        assertTrue(stdout(top.id()).isEmpty());
    }

    @Test
    void retryRunsItsBodyUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        fake.script("flaky", order -> ExecOutcome.exited(attempts.incrementAndGet() < 3 ? 1 : 0, Usage.NONE));
        Run top = run("retry-ok", "(isolate (chroot \"busybox\") (retry (exec \"/bin/flaky\") 5))");
        assertEquals(0, top.exitCode());
        assertEquals(3, count(top.id(), "exec"), "two failures, then the success");
        Run failing = run("retry-fail", "(isolate (chroot \"busybox\") (retry (exec \"/bin/exit\" (\"2\")) 4))");
        assertEquals(2, failing.exitCode(), "the last attempt's exit code");
        assertEquals(4, count(failing.id(), "exec"));
    }

    @Test
    void forRunsItsBodyPerValueAndBreakLeavesTheLoop() throws Exception {
        Run loop = run("for-each", "(isolate (chroot \"busybox\") (for x (\"a\" \"b\" \"c\") (exec \"/bin/echo\" (\"${x}\"))))");
        assertEquals(List.of("a", "b", "c"), stdout(loop.id()));
        fake.script("ping", order -> ExecOutcome.exited(order.args().equals(List.of("b")) ? 0 : 1, Usage.NONE));
        Run broken = run("for-break", """
                (isolate (chroot "busybox")
                  (sequence
                    (for host ("a" "b" "c")
                      (if (exec "/bin/ping" ("${host}")) (break 1) (exec "/bin/echo" ("${host} down"))))
                    (exec "/bin/echo" ("after"))))""");
        assertEquals(RunStatus.SUCCESS, broken.status());
        assertEquals(List.of("a down", "after"), stdout(broken.id()));
        assertEquals(2, fake.orders().stream().filter(o -> o.path().equals("/bin/ping")
                && lurch.db.runs().get(o.runId()).orElseThrow().topId() == broken.id()).count(), "c is never pinged");
    }

    @Test
    void ifTakesTheBranchItsConditionChooses() throws Exception {
        assertEquals(10, run("if-then", "(isolate (chroot \"busybox\") (if (exec \"/bin/true\") (no-op 10) (no-op 20)))")
                .exitCode());
        assertEquals(20, run("if-else", "(isolate (chroot \"busybox\") (if (exec \"/bin/false\") (no-op 10) (no-op 20)))")
                .exitCode());
    }

    @Test
    void letTakesItsValueUpfrontOrFromAnAnswer() throws Exception {
        lurch.program("let", "(let v \"d\" \"value?\" (isolate (chroot \"busybox\") (exec \"/bin/echo\" (\"v=${v}\"))))");
        Run preset = lurch.await(lurch.start("let", Map.of("v", "2.5")));
        assertEquals(List.of("v=2.5"), stdout(preset.id()));
        Run asking = lurch.start("let");
        Run let = lurch.awaitRun(asking.id(), r -> r.waitingFor() == WaitingFor.ANSWER);
        lurch.engine.answer(let.id(), "42", "user:ann");
        Run answered = lurch.await(asking);
        assertEquals(List.of("v=42"), stdout(answered.id()));
        assertTrue(lurch.texts(let.id()).contains("Answered by user:ann: v = 42"));
    }

    @Test
    void approveWaitsForAPersonOrItsTimeout() throws Exception {
        lurch.program("gate", "(sequence (approve null \"go?\" f) (isolate (chroot \"busybox\") (exec \"/bin/echo\" (\"went\"))))");
        Run approved = lurch.start("gate");
        Run ask = lurch.awaitRun(approved.id(), r -> r.waitingFor() == WaitingFor.APPROVAL);
        lurch.engine.approve(ask.id(), true, "", "user:ann");
        assertEquals(List.of("went"), stdout(lurch.await(approved).id()));
        Run rejected = lurch.start("gate");
        Run ask2 = lurch.awaitRun(rejected.id(), r -> r.waitingFor() == WaitingFor.APPROVAL);
        lurch.engine.approve(ask2.id(), false, "not now", "user:bob");
        assertEquals(RunStatus.FAILURE, lurch.await(rejected).status());
        assertEquals(0, count(rejected.id(), "exec"));
        assertEquals(Outcome.EXPIRED, run("gate-expires", "(approve 0.2 \"ok?\" f)").exitCode());
    }

    @Test
    void pauseWaitsOnATimer() throws Exception {
        lurch.program("pause", "(sequence (pause 0.3) (no-op 6))");
        long before = System.nanoTime();
        Run top = lurch.start("pause");
        Run pause = lurch.awaitRun(top.id(), r -> r.command().equals("pause"));
        assertEquals(WaitingFor.TIMER, lurch.db.runs().get(pause.id()).orElseThrow().waitingFor());
        assertEquals(6, lurch.await(top).exitCode());
        assertTrue(System.nanoTime() - before >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void spawnStartsAnIndependentRunOfTheLatestVersion() throws Exception {
        lurch.program("spawned", "(no-op 1)");
        lurch.program("spawned", "(no-op 0)");
        Run top = run("spawner", "(spawn \"spawned\")");
        assertEquals(0, top.exitCode());
        Run child = lurch.db.runs().topRuns("spawned", 1).getFirst();
        assertEquals("spawn:" + top.id(), child.creator());
        assertEquals(lurch.db.programs().latest("spawned").orElseThrow().id(), child.programVersionId());
        assertEquals(0, lurch.await(child).exitCode());
    }

    @Test
    void aCancelStopsTheProcessAndEndsTheTreeCancelled() throws Exception {
        lurch.program("blocked", "(isolate (chroot \"busybox\") (sequence (exec \"/bin/block\") (no-op 0)))");
        Run top = lurch.start("blocked");
        Run exec = lurch.awaitRun(top.id(), r -> r.command().equals("exec") && fake.isRunning(r.id()));
        Run isolate = lurch.tree(top.id()).stream().filter(r -> r.command().equals("isolate")).findFirst().orElseThrow();
        assertTrue(lurch.engine.cancel(top.id(), "user:carol"));
        Run done = lurch.await(top);
        assertEquals(RunStatus.CANCELLED, done.status());
        assertEquals(Outcome.CANCELLED, done.exitCode());
        assertEquals(Outcome.CANCELLED, lurch.db.runs().get(exec.id()).orElseThrow().exitCode());
        assertFalse(fake.isRunning(exec.id()), "the process was stopped");
        assertEquals(0, count(top.id(), "no-op"));
        assertTrue(fake.tornDown().contains(isolate.id()), "the isolate is torn down");
        assertTrue(fake.endedTrees().contains(top.id()), "the tree's workspace is let go");
        assertTrue(lurch.texts(top.id()).contains("Cancelled by user:carol."));
    }

    @Test
    void anExecTimeoutKillsItsProcessAndAWholeRunTimeoutStopsTheTree() throws Exception {
        Run slow = run("exec-timeout", "(isolate (chroot \"busybox\") (exec \"/bin/block\" () () 0.2))");
        assertEquals(Outcome.TIMED_OUT, slow.exitCode());
        assertTrue(lurch.texts(slow.id()).contains("Timed out: killed."));
        lurch.program("run-timeout", "(isolate (chroot \"busybox\") (exec \"/bin/block\"))");
        lurch.db.timeouts().setProgramTimeout("run-timeout", 1);
        Run top = lurch.await(lurch.start("run-timeout"));
        assertEquals(Outcome.TIMED_OUT, top.exitCode());
        assertTrue(lurch.tree(top.id()).stream().allMatch(r -> r.status().isFinal()));
        assertTrue(lurch.texts(top.id()).stream().anyMatch(t -> t.contains("the program's timeout of 1 s")));
    }

    @Test
    void anExecGetsArtifactsSecretsAndItsOwnAssignmentsWithSecretsMasked() throws Exception {
        lurch.db.secrets().set("secretive", "TOKEN", "hunter2");
        Run top = run("secretive", """
                (isolate (chroot "busybox")
                  (sequence (exec "/bin/env" ("TOKEN")) (exec "/bin/env" ("MODE") ("MODE=fast") null)))""");
        assertEquals(List.of("TOKEN=***", "MODE=fast"), stdout(top.id()));
        ExecOrder first = fake.orders().stream().filter(o -> o.topId() == top.id()).findFirst().orElseThrow();
        assertEquals(Map.of("LURCH_ARTIFACTS", "/artifacts", "TOKEN", "hunter2"), first.env());
        assertEquals(List.of("hunter2"), first.secrets());
        assertEquals(top.id(), first.isolate().topId());
    }

    @Test
    void anIsolateThatCannotBeBuiltFailsWithoutRunningItsBody() throws Exception {
        Run top = run("broken", "(isolate (docker \"broken\") (exec \"/bin/echo\" (\"never\")))");
        assertEquals(RunStatus.FAILURE, top.status());
        assertEquals(0, count(top.id(), "exec"));
        assertTrue(lurch.texts(top.id()).stream().anyMatch(t -> t.contains("failed: no image 'broken'")));
    }

    @Test
    void aProcessLostWithItsServerEndsAsAfterACrash() throws Exception {
        lurch.program("lost", "(isolate (chroot \"busybox\") (exec \"/bin/block\"))");
        Run top = lurch.start("lost");
        Run exec = lurch.awaitRun(top.id(), r -> r.command().equals("exec") && fake.isRunning(r.id()));
        lurch.restart();
        assertEquals(FakeExecutor.KILLED, lurch.await(top).exitCode());
        assertTrue(lurch.texts(exec.id()).contains("Lurch restarted while this process ran: the process is gone."));
    }

    @Test
    void aProcessThatOutlivesItsServerIsFollowedAgainAfterARestart() throws Exception {
        FakeExecutor workers = FakeExecutor.outlivingServers();
        try (EngineFixture remote = EngineFixture.withFake(kind, workers, 100, null)) {
            remote.program("remote", "(isolate (chroot \"busybox\") (sequence (exec \"/bin/block\") (no-op 4)))");
            Run top = remote.start("remote");
            Run exec = remote.awaitRun(top.id(), r -> r.command().equals("exec") && workers.isRunning(r.id()));
            remote.restart();
            assertEquals(RunStatus.RUNNING, remote.db.runs().get(exec.id()).orElseThrow().status(),
                    "the exec still runs after the restart");
            workers.release(exec.id(), 0);
            Run done = remote.await(top);
            assertEquals(4, done.exitCode(), "the tree went on after the exec");
            assertEquals(0.5, remote.db.runs().get(exec.id()).orElseThrow().usage().cpuUserSeconds(), 1e-9);
        }
    }
}
