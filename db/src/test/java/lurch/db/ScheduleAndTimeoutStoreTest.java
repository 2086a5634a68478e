package lurch.db;

import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleAndTimeoutStoreTest {
    private static final Instant NINE = Instant.parse("2026-12-06T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-12-06T11:00:00Z");

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aScheduleIsSetReplacedListedAndRemoved(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ScheduleStore schedules = db.schedules();
            schedules.set("build", "0 * * * *", Map.of("A", "1", "B", "2"), NINE);
            schedules.set("deploy", "0 9 * * 1", Map.of(), TEN);
            schedules.set("build", "30 * * * *", Map.of("C", "3"), TEN);
            assertEquals(List.of(new Schedule("build", "30 * * * *", Map.of("C", "3"), TEN, null),
                    new Schedule("deploy", "0 9 * * 1", Map.of(), TEN, null)), schedules.list());
            assertTrue(schedules.remove("deploy"));
            assertFalse(schedules.remove("deploy"));
            assertEquals(Optional.empty(), schedules.get("deploy"));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aMinuteFiresOnceAndRecordsItsRun(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion version = Runs.program(db, "build");
            db.schedules().set("build", "0 * * * *", Map.of(), TEN);
            Optional<Long> fired = db.schedules().fire("build", TEN, ELEVEN, () -> Runs.top(db, version).id());
            assertTrue(fired.isPresent());
            assertEquals(Optional.empty(), db.schedules().fire("build", TEN, ELEVEN, () -> {
                throw new AssertionError("a claimed minute must not start again");
            }));
            Schedule after = db.schedules().get("build").orElseThrow();
            assertEquals(ELEVEN, after.nextStart());
            assertEquals(fired.get(), after.lastRun());
            assertEquals(1, db.runs().topRuns("build", 10).size());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aStartThatFailsLeavesNeitherRunNorClaim(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion version = Runs.program(db, "build");
            db.schedules().set("build", "0 * * * *", Map.of(), TEN);
            assertThrows(IllegalStateException.class, () -> db.schedules().fire("build", TEN, ELEVEN, () -> {
                Runs.top(db, version); // in the claim's transaction: rolled back with it
                throw new IllegalStateException("crash between run and claim");
            }));
            assertEquals(List.of(), db.runs().topRuns("build", 10));
            assertEquals(TEN, db.schedules().get("build").orElseThrow().nextStart());
            assertNull(db.schedules().get("build").orElseThrow().lastRun());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void programTimeoutsAndRunDeadlinesAreKept(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            TimeoutStore timeouts = db.timeouts();
            assertEquals(OptionalLong.empty(), timeouts.programTimeout("build"));
            timeouts.setProgramTimeout("build", 600);
            timeouts.setProgramTimeout("build", 900);
            assertEquals(OptionalLong.of(900), timeouts.programTimeout("build"));
            timeouts.setProgramTimeout("build", 0);
            assertEquals(OptionalLong.empty(), timeouts.programTimeout("build"));
            RunDeadline deadline = new RunDeadline(7, TEN, 600, RunDeadline.PROGRAM);
            timeouts.addDeadline(deadline);
            timeouts.addDeadline(new RunDeadline(9, ELEVEN, 60, RunDeadline.SERVER));
            timeouts.removeDeadline(9);
            assertEquals(List.of(deadline), timeouts.deadlines());
        });
    }
}
