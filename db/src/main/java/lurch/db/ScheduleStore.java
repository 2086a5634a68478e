package lurch.db;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Schedules, one per program at most. */
public interface ScheduleStore {

    /** Sets (or replaces) the schedule of {@code program}; a replaced one keeps its last run. */
    void set(String program, String cron, Map<String, String> vars, Instant nextStart);

    /** False when the program had no schedule. */
    boolean remove(String program);

    Optional<Schedule> get(String program);

    /** All schedules, by program name. */
    List<Schedule> list();

    /**
     * Fires the schedule of {@code program} that is due at {@code due}: in one transaction, moves its next start to
     * {@code next} only if it still is {@code due}, calls {@code start} (which creates the run, on this thread, in
     * the same transaction) and records the run it answers as the last run. Answers that run's id, or empty when
     * the firing was claimed already (by another server, or before a restart) or the schedule is gone; when
     * {@code start} throws, nothing changes.
     */
    Optional<Long> fire(String program, Instant due, Instant next, LongSupplier start);
}
