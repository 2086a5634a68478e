package lurch.db;

import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;

import static lurch.db.Runs.child;
import static lurch.db.Runs.program;
import static lurch.db.Runs.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.250Z");

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aPromptSettlesOnceAndLeavesTheOpenList(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run root = top(db, program(db, "deploy"));
            Run approval = child(db, root, "0");
            Run answer = child(db, root, "1");
            Prompt approve = new Prompt(approval.id(), Prompt.Kind.APPROVAL, null, "ship to production?", null,
                    T0.plusSeconds(3600), T0, null, null, null, null);
            Prompt ask = new Prompt(answer.id(), Prompt.Kind.ANSWER, "version", "which version?", "1.0", null,
                    T0.plusSeconds(1), null, null, null, null);
            db.prompts().open(approve);
            db.prompts().open(ask);
            assertEquals(approve, db.prompts().get(approval.id()).orElseThrow());
            assertEquals(List.of(approve, ask), db.prompts().open());

            assertTrue(db.prompts().settle(approval.id(), T0.plusSeconds(60), "user:ann", "approved", "go"));
            assertFalse(db.prompts().settle(approval.id(), T0.plusSeconds(61), "user:bob", "rejected", "no"));
            Prompt settled = db.prompts().get(approval.id()).orElseThrow();
            assertFalse(settled.isOpen());
            assertEquals("approved", settled.result());
            assertEquals("user:ann", settled.settledBy());
            assertEquals("go", settled.message());
            assertEquals(T0.plusSeconds(60), settled.settled());
            assertEquals(List.of(ask), db.prompts().open());
            assertFalse(db.prompts().settle(4242, T0, "user:ann", "approved", null));
            assertTrue(db.prompts().get(4242).isEmpty());
        });
    }
}
