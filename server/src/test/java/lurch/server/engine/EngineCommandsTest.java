package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.WaitingFor;
import lurch.db.testing.TestDatabase;
import lurch.server.api.RunTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command of the language, run for real by the engine, on H2 and on PostgreSQL. */
@ParameterizedClass
@MethodSource("lurch.db.testing.TestDatabases#both")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCommandsTest {
    @Parameter
    TestDatabase kind;
    EngineFixture lurch;

    @BeforeEach
    void startEngine() throws Exception {
        lurch = EngineFixture.forKind(lurch, kind, 8, 3);
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (lurch != null) {
            lurch.close();
            lurch = null;
        }
    }

    @Test
    void aClientWaitingForAnExecOfASequenceGetsItsStoredEnd() throws Exception {
        lurch.program("awaited", """
                (isolate (chroot "busybox")
                  (sequence
                    (exec "/bin/sleep" ("0.5") () null)
                    (exec "/bin/sh" ("-c" "exit 3") () null)))""");
        Run top = lurch.start("awaited");
        Run exec = lurch.awaitRun(top.id(), run -> run.command().equals("exec") && run.status() == RunStatus.RUNNING);
        Run ended = lurch.engine.whenFinished(exec.id()).get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(RunStatus.SUCCESS, ended.status());
        assertNotNull(ended.stopped());
        assertEquals(lurch.db.runs().get(exec.id()).orElseThrow(), ended);
        assertEquals(RunStatus.FAILURE, lurch.await(top).status());
    }

    @Test
    void helloRunsInAChrootAndRecordsEveryLineAndFigure() throws Exception {
        assertEquals(kind.name().toLowerCase(), lurch.db.kind(), "the fixture runs on the database under test");
        lurch.program("hello", """
                (isolate (chroot "busybox")
                  (sequence
                    (exec "/bin/sleep" ("0.1") () null)
                    (exec "/bin/echo" ("hello world!") () null)))""");
        Run top = lurch.await(lurch.start("hello"));
        assertEquals(RunStatus.SUCCESS, top.status());
        assertEquals(0, top.exitCode());
        Run echo = lurch.tree(top.id()).stream().filter(r -> r.label().contains("echo")).findFirst().orElseThrow();
        assertEquals(List.of("hello world!"), lurch.logs(echo.id()).stream()
                .filter(l -> l.stream() == LogLine.Stream.STDOUT).map(LogLine::text).toList());
        assertTrue(echo.usage().memoryPeakBytes() > 0, "peak memory of the echo: " + echo.usage());
        assertTrue(lurch.texts(top.id()).contains("hello world!"));
        assertTrue(RunTree.of(lurch.tree(top.id())).totals().get(top.id()).memoryPeakBytes() > 0,
                "a parent shows the figures of its subtree");
        assertNotNull(top.started());
        assertNotNull(top.stopped());
    }

    @Test
    void anIsolatesCpuIsThatOfItsExecsCountedOnce() throws Exception {
        lurch.program("busy", """
                (isolate (chroot "busybox")
                  (sequence
                    (exec "/bin/sh" ("-c" "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done") () null)))""");
        Run top = lurch.await(lurch.start("busy"));
        List<Run> tree = lurch.tree(top.id());
        Run exec = tree.stream().filter(r -> r.command().equals("exec")).findFirst().orElseThrow();
        Run isolate = tree.stream().filter(r -> r.command().equals("isolate")).findFirst().orElseThrow();
        var totals = RunTree.of(tree).totals();
        assertTrue(exec.usage().cpuUserSeconds() > 0, exec.usage().toString());
        assertEquals(exec.usage().cpuUserSeconds(), totals.get(isolate.id()).cpuUserSeconds(), 1e-9);
        assertEquals(exec.usage().cpuUserSeconds(), totals.get(top.id()).cpuUserSeconds(), 1e-9);
        assertEquals(exec.usage().cpuUserSeconds(), RunTree.of(lurch.tree(isolate.id())).totals()
                .get(isolate.id()).cpuUserSeconds(), 1e-9, "a subtree shown on its own counts the same");
    }

    @Test
    void symlinksAProgramLeavesInTheWorkspaceAreNotFollowedWhenItIsDeleted() throws Exception {
        java.nio.file.Path hostDir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "host-files").toAbsolutePath();
        java.nio.file.Path hostFile = java.nio.file.Files.writeString(hostDir.resolve("precious.txt"), "keep me");
        lurch.program("links", """
                (isolate (chroot "busybox")
                  (exec "/bin/sh" ("-c" "ln -s %s dir && ln -s %s file && mkdir sub && ln -s / sub/root") () null))"""
                .formatted(hostDir, hostFile));
        Run top = lurch.await(lurch.start("links"));
        assertEquals(0, top.exitCode(), () -> lurch.texts(top.id()).toString());
        java.nio.file.Path workspace = lurch.home.resolve("workspaces").resolve(Long.toString(top.id()));
        for (int i = 0; i < 100 && java.nio.file.Files.exists(workspace); i++) {
            Thread.sleep(50);
        }
        assertTrue(!java.nio.file.Files.exists(workspace), "the workspace is deleted");
        assertEquals("keep me", java.nio.file.Files.readString(hostFile));
        assertEquals(0, (int) java.nio.file.Files.getAttribute(hostFile, "unix:uid"), "its owner is untouched too");
    }

    @Test
    void dockerIsolatesRunEachExecInTheContainer() throws Exception {
        lurch.program("hello-docker", """
                (isolate (docker "lurch-test/busybox:latest")
                  (sequence
                    (exec "/bin/sh" ("-c" "echo in $(pwd) > made-here") () null)
                    (exec "/bin/cat" ("made-here") () null)))""");
        Run top = lurch.await(lurch.start("hello-docker"));
        assertEquals(0, top.exitCode(), () -> lurch.texts(top.id()).toString());
        assertTrue(lurch.texts(top.id()).contains("in /workspace"));
    }

    @Test
    void noOpExitsWithItsCode() throws Exception {
        lurch.program("noop7", "(no-op 7)");
        Run top = lurch.await(lurch.start("noop7"));
        assertEquals(RunStatus.FAILURE, top.status());
        assertEquals(7, top.exitCode());
    }

    @Test
    void sequenceStopsAtTheFirstFailureAndReturnsItsCode() throws Exception {
        lurch.program("seq-fail", "(sequence (no-op 0) (no-op 3) (no-op 0))");
        Run top = lurch.await(lurch.start("seq-fail"));
        assertEquals(3, top.exitCode());
        assertEquals(3, lurch.tree(top.id()).size(), "the third command never ran");
    }

    @Test
    void retryRunsItsBodyUntilItSucceeds() throws Exception {
        lurch.program("retry3", """
                (isolate (chroot "busybox")
                  (retry
                    (exec "/bin/sh" ("-c" "echo x >> tries; test $(wc -l < tries) -ge 3") () null)
                    5))""");
        Run top = lurch.await(lurch.start("retry3"));
        assertEquals(0, top.exitCode());
        assertEquals(3, lurch.tree(top.id()).stream().filter(r -> r.command().equals("exec")).count());
    }

    @Test
    void retryGivesUpAfterNTimes() throws Exception {
        lurch.program("retry-fail", "(retry (no-op 2) 4)");
        Run top = lurch.await(lurch.start("retry-fail"));
        assertEquals(2, top.exitCode());
        assertEquals(4, lurch.tree(top.id()).stream().filter(r -> r.command().equals("no-op")).count());
    }

    @Test
    void ifChoosesTheBranchOnTheConditionsExitCode() throws Exception {
        lurch.program("if-else", "(if (no-op 1) (no-op 10) (no-op 20))");
        lurch.program("if-then", "(if (no-op 0) (no-op 10) (no-op 20))");
        assertEquals(20, lurch.await(lurch.start("if-else")).exitCode());
        assertEquals(10, lurch.await(lurch.start("if-then")).exitCode());
    }

    @Test
    void forBindsItsVariableForEachValueAndBreakLeavesLoops() throws Exception {
        lurch.program("for-echo", """
                (isolate (chroot "busybox")
                  (for x ("a" "b" "c")
                    (for y ("1" "2")
                      (sequence
                        (exec "/bin/echo" ("${x}${y} in run ${run_id} of ${program}") () null)
                        (if (exec "/bin/sh" ("-c" "test ${x} = b") () null) (break 2) (no-op 0))))))""");
        Run top = lurch.await(lurch.start("for-echo"));
        assertEquals(0, top.exitCode());
        List<String> out = lurch.logs(top.id()).stream().filter(l -> l.stream() == LogLine.Stream.STDOUT)
                .map(LogLine::text).toList();
        assertEquals(List.of("a1 in run " + top.id() + " of for-echo", "a2 in run " + top.id() + " of for-echo",
                "b1 in run " + top.id() + " of for-echo"), out);
    }

    @Test
    void breakWithFewerLoopsEndsTheProgramSuccessfully() throws Exception {
        lurch.program("break-out", "(sequence (for x (\"a\") (break 5)) (no-op 9))");
        Run top = lurch.await(lurch.start("break-out"));
        assertEquals(RunStatus.SUCCESS, top.status());
        assertEquals(3, lurch.tree(top.id()).size(), "the sequence, the for and the break ran; no-op 9 did not");
    }

    @Test
    void letTakesAnUpfrontAnswerOrWaitsForOne() throws Exception {
        lurch.program("let-echo", """
                (let version "1.0" "Which version?"
                  (isolate (chroot "busybox") (exec "/bin/echo" ("v${version}") () null)))""");
        Run preset = lurch.await(lurch.start("let-echo", Map.of("version", "2.5")));
        assertTrue(lurch.texts(preset.id()).contains("v2.5"));

        Run asked = lurch.start("let-echo");
        Run let = lurch.awaitRun(asked.id(), r -> r.waitingFor() == WaitingFor.ANSWER);
        assertEquals("Which version?", lurch.db.prompts().get(let.id()).orElseThrow().comment());
        lurch.engine.answer(let.id(), "3.1", "alice");
        Run done = lurch.await(asked);
        assertEquals(0, done.exitCode());
        assertTrue(lurch.texts(asked.id()).contains("v3.1"));
        assertEquals("alice", lurch.db.prompts().get(let.id()).orElseThrow().settledBy());
    }

    @Test
    void approveWaitsForAPersonAndRejectFails() throws Exception {
        lurch.program("approve-me", "(sequence (approve null \"Deploy ${program}?\" f) (no-op 0))");
        Run approved = lurch.start("approve-me");
        Run ask = lurch.awaitRun(approved.id(), r -> r.waitingFor() == WaitingFor.APPROVAL);
        assertEquals("Deploy approve-me?", lurch.db.prompts().get(ask.id()).orElseThrow().comment());
        lurch.engine.approve(ask.id(), true, "go", "bob");
        assertEquals(0, lurch.await(approved).exitCode());

        Run rejected = lurch.start("approve-me");
        Run ask2 = lurch.awaitRun(rejected.id(), r -> r.waitingFor() == WaitingFor.APPROVAL);
        lurch.engine.approve(ask2.id(), false, "not today", "bob");
        Run done = lurch.await(rejected);
        assertEquals(RunStatus.FAILURE, done.status());
        assertEquals(1, done.exitCode());
    }

    @Test
    void approveTimesOutToItsDefault() throws Exception {
        lurch.program("approve-t", "(approve 0.2 \"ok?\" t)");
        lurch.program("approve-f", "(approve 0.2 \"ok?\" f)");
        assertEquals(0, lurch.await(lurch.start("approve-t")).exitCode());
        assertEquals(-129, lurch.await(lurch.start("approve-f")).exitCode());
    }

    @Test
    void pauseIsATimer() throws Exception {
        lurch.program("pause", "(pause 0.3)");
        Instant before = Instant.now();
        Run top = lurch.start("pause");
        assertEquals(WaitingFor.TIMER, lurch.db.runs().get(top.id()).orElseThrow().waitingFor());
        lurch.await(top);
        assertTrue(Duration.between(before, Instant.now()).toMillis() >= 300);
    }

    @Test
    void waitSleepsUntilTheNextMatchingMinute() throws Exception {
        lurch.program("wait", "(wait (0) (3) () () ())");
        Run top = lurch.start("wait");
        Run waiting = lurch.db.runs().get(top.id()).orElseThrow();
        assertEquals(WaitingFor.TIMER, waiting.waitingFor());
        var wake = waiting.wakeAt().atZone(java.time.ZoneId.systemDefault());
        assertEquals(3, wake.getHour());
        assertEquals(0, wake.getMinute());
        assertTrue(lurch.engine.cancel(top.id(), "test"));
    }

    @Test
    void spawnStartsAnotherProgramWithinTheRateLimit() throws Exception {
        lurch.program("child", "(no-op 0)");
        lurch.program("spawner", "(sequence (spawn \"child\") (spawn \"child\") (spawn \"child\") (spawn \"child\"))");
        Run top = lurch.await(lurch.start("spawner"));
        assertEquals(-132, top.exitCode(), "the fixture allows 3 spawns a minute; the fourth is refused");
        List<Run> children = lurch.db.runs().topRuns("child", 10);
        assertEquals(3, children.size());
        assertTrue(children.get(0).creator().startsWith("spawn:"));
    }

    @Test
    void execFailuresHaveTheContractsCodes() throws Exception {
        lurch.program("missing", "(isolate (chroot \"busybox\") (exec \"/bin/nonexistent\"))");
        lurch.program("exit5", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"exit 5\")))");
        lurch.program("timeout", "(isolate (chroot \"busybox\") (exec \"/bin/sleep\" (\"10\") () 0.3))");
        assertEquals(127, lurch.await(lurch.start("missing")).exitCode());
        assertEquals(5, lurch.await(lurch.start("exit5")).exitCode());
        Instant before = Instant.now();
        assertEquals(-131, lurch.await(lurch.start("timeout")).exitCode());
        assertTrue(Duration.between(before, Instant.now()).toMillis() < 3000);
    }

    @Test
    void secretsReachTheProcessAndAreMaskedInStoredLines() throws Exception {
        lurch.program("secretive", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"echo token=$TOKEN\")))");
        lurch.db.secrets().set("secretive", "TOKEN", "hunter2");
        Run top = lurch.await(lurch.start("secretive"));
        assertTrue(lurch.texts(top.id()).contains("token=***"), lurch.texts(top.id()).toString());
    }

    @Test
    void aMillionLinesAreAllStored() throws Exception {
        lurch.program("million", "(isolate (chroot \"busybox\") (exec \"/bin/seq\" (\"1\" \"1000000\")))");
        Run top = lurch.await(lurch.start("million"));
        Run exec = lurch.tree(top.id()).stream().filter(r -> r.command().equals("exec")).findFirst().orElseThrow();
        List<LogLine> lines = lurch.logs(exec.id());
        assertEquals(1_000_000, lines.size());
        assertEquals("1", lines.get(0).text());
        assertEquals("1000000", lines.get(999_999).text());
    }
}
