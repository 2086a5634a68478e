package lurch.db;

import java.time.Instant;

/** A top run as histories and charts show it: its outcome and its usage summed over its whole tree. */
public record RunFigures(long id, RunStatus status, String creator, Instant created, Instant started,
                         Instant stopped, Integer exitCode, Usage usage) {

    /** Seconds from start to stop; null while it has not both started and stopped. */
    public Double durationSeconds() {
        return started == null || stopped == null ? null : (stopped.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }
}
