package lurch.db;

import java.time.Instant;
import java.util.Map;

/**
 * A program's schedule: its cron text, the variables each scheduled run starts with (answers to its {@code let}s),
 * the next minute it is due at and the last run it started.
 *
 * @param lastRun the id of the last top run it started; null before the first
 */
public record Schedule(String program, String cron, Map<String, String> vars, Instant nextStart, Long lastRun) {

    public Schedule {
        vars = Map.copyOf(vars);
    }
}
