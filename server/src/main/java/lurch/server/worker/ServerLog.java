package lurch.server.worker;

import lurch.isolation.OutputSink;

/** The server's run logs, which number every line of a tree (see {@link WorkerExecutor}). */
public interface ServerLog {

    /** Where lines of run {@code runId} of the tree {@code topId} go, already masked. */
    OutputSink sinkFor(long runId, long topId);

    /** Returns once the lines given for tree {@code topId} so far are stored. */
    void flush(long topId);
}
