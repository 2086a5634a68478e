package lurch.db;

import java.time.Instant;

/**
 * When a top run times out as a whole, and which timeout that is.
 *
 * @param seconds the timeout, as set
 * @param source  {@link #PROGRAM} (the program's own, {@code lurch timeout}) or {@link #SERVER} (LURCH_RUN_TIMEOUT)
 */
public record RunDeadline(long topId, Instant deadline, long seconds, String source) {
    public static final String PROGRAM = "program";
    public static final String SERVER = "server";
}
