package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.WaitingFor;
import lurch.db.testing.TestDatabase;
import lurch.isolation.IsolationConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Cancel at every kind of node, the process bound, and a server restart in the middle of things. */
@ParameterizedClass
@MethodSource("lurch.db.testing.TestDatabases#both")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineCancelAndRestartTest {
    @Parameter
    TestDatabase kind;
    EngineFixture lurch;

    @BeforeEach
    void startEngine() throws Exception {
        EngineFixture previous = lurch;
        lurch = EngineFixture.forKind(lurch, kind, 2, 100);
        if (lurch == previous) {
            return;
        }
        lurch.program("sleepy", """
                (isolate (chroot "busybox")
                  (sequence
                    (exec "/bin/sh" ("-c" "sleep 100 & sleep 100 & echo started; wait") () null)
                    (no-op 0)))""");
        lurch.program("asks", "(sequence (approve null \"go?\" t) (no-op 0))");
        lurch.program("sleeps", "(sequence (pause 100) (no-op 0))");
        lurch.program("lets", "(let v \"d\" \"value?\" (no-op 0))");
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (lurch != null) {
            lurch.close();
            lurch = null;
        }
    }

    @Test
    void cancellingARunningExecKillsAllItsProcessesAtOnce() throws Exception {
        Run top = lurch.start("sleepy");
        Run exec = lurch.awaitRun(top.id(), r -> r.command().equals("exec") && lurch.texts(r.id()).contains("started"));
        assertTrue(anyProcessRunsInOurChroots("sleep 100"), "the processes run before the cancel");
        Instant before = Instant.now();
        assertTrue(lurch.engine.cancel(exec.id(), "carol"));
        Run done = lurch.await(top);
        assertTrue(Duration.between(before, Instant.now()).toMillis() < 1000);
        assertEquals(RunStatus.CANCELLED, done.status());
        assertEquals(-130, done.exitCode());
        assertEquals(-130, lurch.db.runs().get(exec.id()).orElseThrow().exitCode());
        assertFalse(lurch.tree(top.id()).stream().anyMatch(r -> r.command().equals("no-op")));
        assertFalse(anyProcessRunsInOurChroots("sleep 100"), "every process of the cancelled exec is gone");
        assertTrue(lurch.texts(exec.id()).contains("Cancelled by carol."));
    }

    @Test
    void cancellingTheTopRunStopsEverythingBelow() throws Exception {
        Run top = lurch.start("sleepy");
        lurch.awaitRun(top.id(), r -> r.command().equals("exec") && r.status() == RunStatus.RUNNING);
        assertTrue(lurch.engine.cancel(top.id(), "carol"));
        lurch.await(top);
        assertTrue(lurch.tree(top.id()).stream().allMatch(r -> r.status().isFinal()));
        assertFalse(lurch.engine.cancel(top.id(), "carol"), "a second cancel changes nothing");
    }

    @Test
    void aRunCancelledBeforeItBeganNeverBegins() throws Exception {
        Optional<Run> started = lurch.engine.start(lurch.engine.latest("asks"), Map.of(), "user:test", create -> {
            long id = create.getAsLong(); // stored and live, not begun yet: the cancel lands in between
            assertTrue(lurch.engine.cancel(id, "carol"));
            return Optional.of(id);
        });
        Run top = lurch.await(started.orElseThrow());
        assertEquals(RunStatus.CANCELLED, top.status());
        assertEquals(List.of(top.id()), lurch.tree(top.id()).stream().map(Run::id).toList(),
                "nothing of the cancelled program starts, no approval waits");
        assertEquals(List.of(), lurch.db.runs().waitingForPeople().stream().filter(r -> r.topId() == top.id())
                .toList());
    }

    @Test
    void cancellingWaitingApprovalsAnswersAndTimers() throws Exception {
        for (String program : List.of("asks", "sleeps", "lets")) {
            Run top = lurch.start(program);
            Run waiting = lurch.awaitRun(top.id(), r -> r.status() == RunStatus.WAITING);
            assertTrue(lurch.engine.cancel(waiting.id(), "dave"));
            Run done = lurch.await(top);
            assertEquals(-130, done.exitCode(), program);
            assertEquals(RunStatus.CANCELLED, done.status(), program);
        }
    }

    @Test
    void execsBeyondTheProcessBoundQueueInOrder() throws Exception {
        lurch.program("short", "(isolate (chroot \"busybox\") (exec \"/bin/sleep\" (\"0.3\")))");
        Instant before = Instant.now();
        List<Run> runs = List.of(lurch.start("short"), lurch.start("short"), lurch.start("short"));
        for (Run run : runs) {
            assertEquals(0, lurch.await(run).exitCode());
        }
        long millis = Duration.between(before, Instant.now()).toMillis();
        assertTrue(millis >= 550, "two slots for three 0.3 s sleeps take two rounds, took " + millis + " ms");
    }

    @Test
    void aRestartKeepsApprovalsWaitingAndFailsLostProcesses() throws Exception {
        Run asking = lurch.start("asks");
        Run ask = lurch.awaitRun(asking.id(), r -> r.waitingFor() == WaitingFor.APPROVAL);
        Run sleeping = lurch.start("sleepy");
        Run exec = lurch.awaitRun(sleeping.id(), r -> r.command().equals("exec") && lurch.texts(r.id()).contains("started"));
        assertTrue(anyProcessRunsInOurChroots("sleep 100"), "the process runs before the restart");

        lurch.restart();

        Run lost = lurch.await(sleeping);
        assertEquals(RunStatus.FAILURE, lost.status());
        assertEquals(-9, lurch.db.runs().get(exec.id()).orElseThrow().exitCode());
        assertTrue(lurch.texts(exec.id()).stream().anyMatch(t -> t.contains("restarted")));
        assertFalse(anyProcessRunsInOurChroots("sleep 100"), "the lost process does not run on unobserved");
        assertEquals(WaitingFor.APPROVAL, lurch.db.runs().get(ask.id()).orElseThrow().waitingFor());
        lurch.engine.approve(ask.id(), true, "", "erin");
        assertEquals(0, lurch.await(asking).exitCode());
    }

    @Test
    void aRestartSetsTimersAgain() throws Exception {
        lurch.program("short-pause", "(sequence (pause 0.5) (no-op 4))");
        Run top = lurch.start("short-pause");
        lurch.restart();
        assertEquals(4, lurch.await(top).exitCode());
    }

    @Test
    void aCheckoutCutShortByARestartIsRedoneBeforeTheBuildGoesOn() throws Exception {
        lurch.program("reads-checkout", "(isolate (chroot \"busybox\") (exec \"/bin/ls\" (\"/workspace\")))");
        CountDownLatch halfway = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> lurch.engine.start(lurch.engine.latest("reads-checkout"), Map.of(), Map.of("git_commit", "c0ffee"),
                "webhook:d1", (runId, workspace) -> {
                    Files.writeString(workspace.resolve("half-written"), "");
                    halfway.countDown();
                    new CountDownLatch(1).await(); // the checkout is still going when the server dies
                }));
        assertTrue(halfway.await(20, TimeUnit.SECONDS));
        Run top = lurch.db.runs().topRuns("reads-checkout", 1).getFirst();

        lurch.restart();
        assertEquals(RunStatus.WAITING, lurch.db.runs().get(top.id()).orElseThrow().status(),
                "no step before the checkout is redone");
        lurch.engine.resumePreparations(data -> Optional.of((runId, workspace) ->
                Files.writeString(workspace.resolve("checkout-of-" + data.get("git_commit")), "")));

        assertEquals(RunStatus.SUCCESS, lurch.await(top).status());
        List<String> texts = lurch.texts(top.id());
        assertTrue(texts.contains("checkout-of-c0ffee"), "the build sees the whole checkout: " + texts);
        assertFalse(texts.contains("half-written"), "nothing of the checkout cut short is left: " + texts);
        assertTrue(texts.stream().anyMatch(t -> t.contains("preparing its workspace again")), texts.toString());
    }

    /** Whether a process with this command line runs in one of this test's isolates (not elsewhere on the host). */
    private boolean anyProcessRunsInOurChroots(String commandLine) throws Exception {
        Thread.sleep(100);
        String ourCgroups = "/h" + IsolationConfig.homeTag(lurch.home) + "-";
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .anyMatch(p -> {
                        try {
                            return Files.readString(p.resolve("cgroup")).contains(ourCgroups)
                                    && Files.readString(p.resolve("cmdline")).replace('\0', ' ').trim().equals(commandLine);
                        } catch (Exception e) {
                            return false;
                        }
                    });
        }
    }
}
