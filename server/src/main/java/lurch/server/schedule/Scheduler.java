package lurch.server.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Run;
import lurch.db.Schedule;
import lurch.db.ScheduleStore;
import lurch.interpreter.eval.CronText;
import lurch.server.engine.RunControl;

/**
 * Starts programs on their schedules, in the clock's time zone (LURCH_TIMEZONE). Each schedule stores the next
 * minute it is due at; at every whole minute (and once at start-up) each due schedule is fired once: the firing is
 * claimed in the database together with the run it creates, so a minute never fires twice, and a start missed while
 * the server was down happens once at start-up. A scheduled run's creator is {@code schedule}.
 */
public final class Scheduler implements AutoCloseable {
    public static final String CREATOR = "schedule";
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    /** After the minute turns, so that a clock a little behind still sees the minute as due. */
    private static final long TICK_OFFSET_MILLIS = 200;

    private final ScheduleStore store;
    private final RunControl control;
    private final Clock clock;
    private ScheduledExecutorService ticker;

    public Scheduler(ScheduleStore store, RunControl control, Clock clock) {
        this.store = store;
        this.control = control;
        this.clock = clock;
    }

    /**
     * Sets the schedule of {@code program}: {@code cron} in five fields, {@code vars} the answers each run starts
     * with. The first start is the next matching minute from now.
     *
     * @throws CronText.InvalidCronException when the cron text is not valid
     */
    public Schedule set(String program, String cron, Map<String, String> vars) {
        String text = String.join(" ", cron.strip().split("\\s+"));
        Instant next = CronText.parse(text).next(ZonedDateTime.now(clock)).toInstant();
        store.set(program, text, vars, next);
        return store.get(program).orElseThrow();
    }

    public boolean remove(String program) {
        return store.remove(program);
    }

    public Optional<Schedule> get(String program) {
        return store.get(program);
    }

    public List<Schedule> list() {
        return store.list();
    }

    /** Fires every schedule due by now, once each; answers the runs it started. */
    public List<Run> fireDue() {
        List<Run> started = new ArrayList<>();
        Instant now = clock.instant();
        for (Schedule schedule : store.list()) {
            if (schedule.nextStart().isAfter(now)) {
                continue;
            }
            try {
                fire(schedule, now).ifPresent(started::add);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "schedule of '" + schedule.program() + "' could not start it", e);
            }
        }
        return started;
    }

    /**
     * Claims the due minute and starts the run. The next start is the first matching minute after now (never the
     * due one again); minutes missed meanwhile are not made up.
     */
    private Optional<Run> fire(Schedule schedule, Instant now) {
        Instant next = CronText.parse(schedule.cron()).next(now.atZone(clock.getZone())).toInstant();
        return control.start(control.latest(schedule.program()), schedule.vars(), CREATOR,
                create -> store.fire(schedule.program(), schedule.nextStart(), next, create));
    }

    /** Fires what is due now (what was missed while no server ran), then at every whole minute. */
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("lurch-scheduler").daemon().factory());
        ticker.execute(this::tick);
    }

    private void tick() {
        try {
            fireDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "schedules could not be read", e);
        }
        Instant now = clock.instant();
        Instant nextMinute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        ticker.schedule(this::tick, Duration.between(now, nextMinute).toMillis() + TICK_OFFSET_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
