package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.WaitingFor;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-run timeouts at every kind of node: the top run ends with -131 and a line naming the timeout, everything
 * below is stopped. The engine here has LURCH_RUN_TIMEOUT of 2 s and two process slots; programs named "own-*" set
 * their own timeout, which wins.
 */
@ParameterizedClass
@MethodSource("lurch.db.testing.TestDatabases#both")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineRunTimeoutTest {
    private static final String LONG_EXEC = """
            (isolate (chroot "busybox")
              (sequence
                (exec "/bin/sh" ("-c" "sleep 100 & echo started; wait") () null)
                (no-op 0)))""";
    @Parameter
    TestDatabase kind;
    EngineFixture lurch;

    @BeforeEach
    void startEngine() throws Exception {
        if (lurch != null && lurch.kind == kind) {
            return;
        }
        stopEngine();
        lurch = EngineFixture.withRunTimeout(kind, 2, Duration.ofSeconds(2));
        lurch.program("own-exec", LONG_EXEC);
        lurch.program("own-pause", "(sequence (pause 100) (no-op 0))");
        lurch.program("own-approve", "(sequence (approve null \"go?\" t) (no-op 0))");
        lurch.program("own-let", "(let v \"d\" \"value?\" (no-op 0))");
        lurch.program("own-spawn", "(sequence (spawn \"endless\") (pause 100))");
        lurch.program("endless", "(pause 100)");
        lurch.program("server-pause", "(sequence (pause 100) (no-op 0))");
        lurch.program("quick", "(no-op 0)");
        for (String own : List.of("own-exec", "own-pause", "own-approve", "own-let", "own-spawn")) {
            lurch.db.timeouts().setProgramTimeout(own, 3);
        }
        lurch.db.timeouts().setProgramTimeout("endless", 3600);
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (lurch != null) {
            lurch.close();
            lurch = null;
        }
    }

    /** The top run ended timed out, every run below it ended too, and the top run's log says which timeout fired. */
    private Run assertTimedOut(Run top, String line) throws Exception {
        Run done = lurch.await(top);
        assertEquals(-131, done.exitCode());
        assertEquals(RunStatus.FAILURE, done.status());
        for (Run run : lurch.tree(top.id())) {
            assertTrue(run.status().isFinal(), run + " ended with its tree");
        }
        assertTrue(lurch.texts(top.id()).contains(line), () -> "log: " + lurch.texts(top.id()));
        return done;
    }

    private static final String OWN = "Timed out: the program's timeout of 3 s (lurch timeout) passed.";

    @Test
    void aRunningExecIsKilled() throws Exception {
        Run top = lurch.start("own-exec");
        Run exec = lurch.awaitRun(top.id(), r -> r.command().equals("exec") && lurch.texts(r.id()).contains("started"));
        assertTimedOut(top, OWN);
        assertEquals(-131, lurch.db.runs().get(exec.id()).orElseThrow().exitCode());
        assertFalse(lurch.tree(top.id()).stream().anyMatch(r -> r.command().equals("no-op")));
    }

    @Test
    void aPauseIsCutShort() throws Exception {
        assertTimedOut(lurch.start("own-pause"), OWN);
    }

    @Test
    void timeWaitingForAPersonCounts() throws Exception {
        for (String program : List.of("own-approve", "own-let")) {
            Run top = lurch.start(program);
            lurch.awaitRun(top.id(), r -> r.status() == RunStatus.WAITING);
            assertTimedOut(top, OWN);
            assertFalse(lurch.db.runs().waitingForPeople().stream().anyMatch(r -> r.topId() == top.id()),
                    "nobody is asked any more");
        }
    }

    @Test
    void aQueuedExecIsDropped() throws Exception {
        lurch.program("hog", LONG_EXEC);
        lurch.db.timeouts().setProgramTimeout("hog", 3600);
        List<Run> hogs = List.of(lurch.start("hog"), lurch.start("hog"));
        for (Run hog : hogs) {
            // its process printed: it holds a slot (an exec's row says running before its process has one)
            lurch.awaitLine(hog.id(), "started");
        }
        Run top = lurch.start("own-exec");
        lurch.awaitRun(top.id(), r -> r.waitingFor() == WaitingFor.PROCESS_SLOT);
        assertTimedOut(top, OWN);
        for (Run hog : hogs) {
            assertTrue(lurch.engine.cancel(hog.id(), "test"));
            assertEquals(-130, lurch.await(hog).exitCode());
        }
    }

    @Test
    void aSpawnedRunIsATreeOfItsOwnAndGoesOn() throws Exception {
        Run top = lurch.start("own-spawn");
        assertTimedOut(top, OWN);
        Run spawned = lurch.db.runs().topRuns("endless", 1).get(0);
        Run spawn = lurch.tree(top.id()).stream().filter(r -> r.command().equals("spawn")).findFirst().orElseThrow();
        assertEquals("spawn:" + spawn.id(), spawned.creator());
        assertFalse(lurch.db.runs().get(spawned.id()).orElseThrow().status().isFinal(), "spawn starts an independent run");
        assertTrue(lurch.engine.cancel(spawned.id(), "test"));
    }

    @Test
    void theServerDefaultAppliesToProgramsWithoutTheirOwn() throws Exception {
        assertTimedOut(lurch.start("server-pause"),
                "Timed out: the server's timeout of 2 s (LURCH_RUN_TIMEOUT) passed.");
    }

    @Test
    void aRunThatEndsInTimeKeepsItsExitCodeAndForgetsItsDeadline() throws Exception {
        assertEquals(0, lurch.await(lurch.start("quick")).exitCode());
        Thread.sleep(100);
        assertFalse(lurch.db.timeouts().deadlines().stream().anyMatch(d -> lurch.db.runs().get(d.topId())
                .orElseThrow().status().isFinal()), "no deadline is kept for a run that ended");
    }

    @Test
    void aDeadlineThatPassedWhileNoServerRanStopsTheRunAtStartUp() throws Exception {
        Run top = lurch.start("own-approve");
        lurch.awaitRun(top.id(), r -> r.waitingFor() == WaitingFor.APPROVAL);
        lurch.restartAfter(Duration.ofMillis(3500));
        assertTimedOut(top, OWN);
    }

    @Test
    void aRestartKeepsTheDeadline() throws Exception {
        Run top = lurch.start("own-pause");
        lurch.awaitRun(top.id(), r -> r.waitingFor() == WaitingFor.TIMER);
        lurch.restart();
        assertTimedOut(top, OWN);
    }
}
