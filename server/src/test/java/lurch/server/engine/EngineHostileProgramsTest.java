package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lurch.db.NewRun;
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
 * Programs written to hurt the server: deep nesting in strings, loops that make as many runs as check
 * allows, and rows a previous server left that cannot be read back. Each must cost its own run at most.
 */
@ParameterizedClass
@MethodSource("lurch.db.testing.TestDatabases#both")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineHostileProgramsTest {
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
        lurch.program("fine", "(no-op 0)");
        lurch.program("long-loop", "(retry (retry (no-op 1) 1000) 99)");
        lurch.program("sleeps", "(sequence (pause 100) (no-op 0))");
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (lurch != null) {
            lurch.close();
            lurch = null;
        }
    }

    @Test
    void twentyThousandNestedReferencesFailTheirRunWithALineAndNothingElse() throws Exception {
        String name = "${".repeat(20_000) + "x" + "}".repeat(20_000);
        lurch.program("nested", "(spawn \"" + name + "\")");
        Run top = lurch.start("nested");
        Run done = lurch.await(top);
        assertEquals(RunStatus.FAILURE, done.status());
        Run spawn = lurch.tree(top.id()).getLast();
        assertTrue(lurch.texts(spawn.id()).stream().anyMatch(t -> t.startsWith("Cannot spawn: ")),
                () -> lurch.texts(spawn.id()).toString());
        assertEquals(RunStatus.SUCCESS, lurch.await(lurch.start("fine")).status(), "the engine goes on serving");
    }

    @Test
    void aLongLoopIsCancelledWithinASecondWhileOtherRunsKeepMoving() throws Exception {
        lurch.await(lurch.start("fine")); // a warm engine: what is measured is the stepping, not class loading
        long before = System.nanoTime();
        Run loop = lurch.start("long-loop");
        assertTrue(millisSince(before) < 1000, "start answers while the loop goes on, took " + millisSince(before));
        Thread.sleep(500);
        long otherStart = System.nanoTime();
        assertEquals(RunStatus.SUCCESS, lurch.await(lurch.start("fine")).status());
        assertTrue(millisSince(otherStart) < 1000, "another program runs beside the loop");

        long cancelStart = System.nanoTime();
        assertTrue(lurch.engine.cancel(loop.id(), "mallory's victim"));
        assertTrue(millisSince(cancelStart) < 1000, "cancel took " + millisSince(cancelStart) + " ms");
        assertEquals(RunStatus.CANCELLED, lurch.await(loop).status());
        int runs = lurch.tree(loop.id()).size();
        assertTrue(runs > 2 && runs < 99 * 1001, "the loop made " + runs + " runs before the cancel");
        Thread.sleep(300);
        assertEquals(runs, lurch.tree(loop.id()).size(), "no run is made after the cancel");
        assertTrue(lurch.tree(loop.id()).stream().allMatch(r -> r.status().isFinal()));
    }

    @Test
    void aTreeThatCannotBeResumedFailsWithALineAndTheOthersCarryOn() throws Exception {
        Run sleeping = lurch.start("sleeps");
        lurch.awaitRun(sleeping.id(), r -> r.waitingFor() == WaitingFor.TIMER);
        long version = lurch.db.programs().latest("fine").orElseThrow().id();
        // A row no program of its version has: node 7.7 of (no-op 0), as a corrupt or foreign row would be.
        Run top = lurch.db.runs().create(new NewRun(null, version, "", "sequence", "(sequence)", "user:test", null));
        Run corrupt = lurch.db.runs().createStarted(new NewRun(top.id(), version, "7.7", "no-op", "(no-op 0)", null,
                null));

        lurch.restart();

        Run failed = lurch.db.runs().get(top.id()).orElseThrow();
        assertEquals(RunStatus.FAILURE, failed.status());
        assertEquals(RunStatus.FAILURE, lurch.db.runs().get(corrupt.id()).orElseThrow().status());
        lurch.engine.flushLogs(top.id());
        assertTrue(lurch.texts(top.id()).stream().anyMatch(t -> t.startsWith("Lurch could not go on with this run (")
                && t.endsWith("): the run is stopped as failed.")), () -> lurch.texts(top.id()).toString());
        assertEquals(WaitingFor.TIMER, lurch.db.runs().get(lurch.tree(sleeping.id()).get(1).id()).orElseThrow()
                .waitingFor(), "the other tree still sleeps");
        assertEquals(RunStatus.SUCCESS, lurch.await(lurch.start("fine"))
                .status(), "the restarted engine serves");
        lurch.engine.cancel(sleeping.id(), "test");
    }

    @Test
    void aSecretPrintedAsLinesBase64UrlEncodedOrSplitByColoursNeverReachesTheStoredLog() throws Exception {
        lurch.program("leaky", """
                (isolate (chroot "busybox")
                  (exec "/bin/sh" ("-c" "echo \\"$KEY\\"; echo \\"$KEY\\" | base64; printf '%s' \\"$TOKEN\\" | base64;\
                   printf 'u:%s' \\"$TOKEN\\" | base64; printf 'tok\\\\033[0men=%s\\\\n' \\"$URL\\";\
                   printf 'ghp_s3cr\\\\033[31m3t/T0ken+with=odd&chars\\\\n'")
                    ("URL=ghp_s3cr3t%2FT0ken%2Bwith%3Dodd%26chars")))""");
        lurch.db.secrets().set("leaky", "KEY", SecretMaskTest.PEM);
        lurch.db.secrets().set("leaky", "TOKEN", SecretMaskTest.TOKEN);
        Run top = lurch.await(lurch.start("leaky"));
        assertEquals(0, top.exitCode(), () -> lurch.texts(lurch.tree(top.id()).getLast().id()).toString());
        List<String> stored = lurch.texts(lurch.tree(top.id()).getLast().id());
        String all = String.join("\n", stored);
        assertTrue(stored.size() > 8, all);
        for (String part : List.of("b3BlbnNzaC1rZXkt", "OPENSSH PRIVATE", "s3cr3t", "s3cr", "T0ken", "czNjcjN0",
                "LS0tLS1CRUdJTi")) {
            assertFalse(all.contains(part), () -> part + " reached the log:\n" + all);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
