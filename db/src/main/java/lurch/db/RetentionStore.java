package lurch.db;

import java.time.Instant;
import java.util.List;

/**
 * Removing old top runs (LURCH_KEEP_RUNS, LURCH_KEEP_DAYS) with everything stored for them, in small transactions so
 * that running work never waits long for the tables it writes.
 */
public interface RetentionStore {

    /** A top run that retention may remove. */
    record Expired(long id, String program, RunStatus status, Instant created) {}

    /**
     * Up to {@code limit} ended top runs, oldest first, that are past the newest {@code keepRuns} top runs of their
     * program or were created before {@code createdBefore}; never a running or waiting one, never the newest
     * successful top run of a program.
     */
    List<Expired> expired(int keepRuns, Instant createdBefore, int limit);

    /**
     * Deletes top run {@code topId} and its sub-runs, their log chunks, data, prompts, artifact rows and the
     * deliveries that started it, at most {@code batch} rows per transaction. A run that is not an ended top run is
     * left alone (false).
     */
    boolean deleteTree(long topId, int batch);
}
