package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.testing.TestDatabase;
import lurch.server.schedule.Scheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schedules on a real engine and database, with a clock the test moves (2026-12-07 is a Monday): a schedule fires
 * within its minute, once; a minute missed while no server ran fires once at start-up; two servers never both fire
 * it; the time zone is the clock's (LURCH_TIMEZONE).
 */
@ParameterizedClass
@MethodSource("lurch.db.testing.TestDatabases#both")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerTest {
    @Parameter
    TestDatabase kind;
    EngineFixture lurch;
    int programs;

    @BeforeEach
    void startEngine() throws Exception {
        if (lurch == null || lurch.kind != kind) {
            stopEngine();
            lurch = EngineFixture.start(kind);
        }
        lurch.db.schedules().list().forEach(s -> lurch.db.schedules().remove(s.program())); // each test its own
    }

    @AfterAll
    void stopEngine() throws Exception {
        if (lurch != null) {
            lurch.close();
            lurch = null;
        }
    }

    /** A new program (each test its own) that succeeds only when its let was answered upfront. */
    private String program() {
        String name = "nightly-" + ++programs;
        lurch.program(name, "(let target \"\" \"where to?\" (no-op 0))");
        return name;
    }

    private Scheduler scheduler(MutableClock clock) {
        return new Scheduler(lurch.db.schedules(), lurch.engine, clock);
    }

    @Test
    void aScheduleFiresWithinItsMinuteOnceWithItsVariables() throws Exception {
        String program = program();
        MutableClock clock = new MutableClock("2026-12-07T10:02:30Z", ZoneId.of("UTC"));
        Scheduler scheduler = scheduler(clock);
        assertEquals(Instant.parse("2026-12-07T10:05:00Z"),
                scheduler.set(program, "*/5  *  * * 1-5", Map.of("target", "prod")).nextStart());
        clock.set("2026-12-07T10:04:59Z");
        assertEquals(List.of(), scheduler.fireDue());

        clock.set("2026-12-07T10:05:00.200Z");
        List<Run> fired = scheduler.fireDue();
        assertEquals(1, fired.size());
        assertEquals(Scheduler.CREATOR, fired.get(0).creator());
        assertEquals(RunStatus.SUCCESS, lurch.await(fired.get(0)).status(), "the let was answered from the schedule");

        clock.set("2026-12-07T10:05:59Z");
        assertEquals(List.of(), scheduler.fireDue(), "never twice for one minute");
        assertEquals(Instant.parse("2026-12-07T10:10:00Z"), scheduler.get(program).orElseThrow().nextStart());
        assertEquals(fired.get(0).id(), scheduler.get(program).orElseThrow().lastRun());
        assertEquals(1, lurch.db.runs().topRuns(program, 10).size());
    }

    @Test
    void aStartMissedWhileNoServerRanHappensOnceAtStartUp() throws Exception {
        String program = program();
        MutableClock clock = new MutableClock("2026-12-07T10:02:00Z", ZoneId.of("UTC"));
        scheduler(clock).set(program, "*/5 * * * *", Map.of("target", "prod"));
        clock.set("2026-12-07T10:27:10Z"); // down from 10:03 to 10:27: five starts missed
        Scheduler afterRestart = scheduler(clock);
        assertEquals(1, afterRestart.fireDue().size());
        assertEquals(List.of(), afterRestart.fireDue());
        assertEquals(List.of(), scheduler(clock).fireDue(), "nor once more after another restart");
        assertEquals(Instant.parse("2026-12-07T10:30:00Z"), afterRestart.get(program).orElseThrow().nextStart());
        assertEquals(1, lurch.db.runs().topRuns(program, 10).size());
    }

    @Test
    void twoServersFiringTogetherStartOneRun() throws Exception {
        String program = program();
        MutableClock clock = new MutableClock("2026-12-07T10:02:00Z", ZoneId.of("UTC"));
        scheduler(clock).set(program, "3 10 * * *", Map.of("target", "prod"));
        clock.set("2026-12-07T10:03:01Z");
        List<Scheduler> servers = List.of(scheduler(clock), scheduler(clock), scheduler(clock));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Run>>> firing = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(servers.size())) {
            for (Scheduler server : servers) {
                firing.add(threads.submit(() -> {
                    go.await();
                    return server.fireDue();
                }));
            }
            go.countDown();
            int started = 0;
            for (Future<List<Run>> f : firing) {
                started += f.get().size();
            }
            assertEquals(1, started);
        }
        assertEquals(1, lurch.db.runs().topRuns(program, 10).size());
    }

    @Test
    void cronIsReadInTheClocksTimeZone() {
        String program = program();
        MutableClock paris = new MutableClock("2026-12-07T10:00:00Z", ZoneId.of("Europe/Paris")); // 11:00 there
        assertEquals(Instant.parse("2026-12-07T11:30:00Z"),
                scheduler(paris).set(program, "30 12 * * *", Map.of()).nextStart());
    }

    @Test
    void aScheduleRunsForRealWithinItsMinute() throws Exception {
        String program = program();
        try (Scheduler scheduler = new Scheduler(lurch.db.schedules(), lurch.engine, Clock.systemDefaultZone())) {
            Instant due = scheduler.set(program, "* * * * *", Map.of("target", "prod")).nextStart();
            scheduler.start();
            Run run = awaitFirstRun(program, Duration.ofSeconds(150));
            assertTrue(!run.created().isBefore(due) && run.created().isBefore(due.plusSeconds(60)),
                    "created " + run.created() + " in the minute due at " + due);
            assertEquals(RunStatus.SUCCESS, lurch.await(run).status());
        }
    }

    private Run awaitFirstRun(String program, Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < end) {
            List<Run> runs = lurch.db.runs().topRuns(program, 1);
            if (!runs.isEmpty()) {
                return runs.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no run of " + program + " within " + bound);
    }

    private static final class MutableClock extends Clock {
        private final ZoneId zone;
        private volatile Instant now;

        MutableClock(String now, ZoneId zone) {
            this.now = Instant.parse(now);
            this.zone = zone;
        }

        void set(String instant) {
            now = Instant.parse(instant);
        }

        @Override public ZoneId getZone() { return zone; }
        @Override public Clock withZone(ZoneId other) { return new MutableClock(now.toString(), other); }
        @Override public Instant instant() { return now; }
    }
}
