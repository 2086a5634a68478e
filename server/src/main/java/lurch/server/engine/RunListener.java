package lurch.server.engine;

import lurch.db.Run;

/** Hears of engine events; called on engine threads, so implementations must return quickly. */
public interface RunListener {

    /**
     * A top run ended, a run a client waits for ended, or a run began waiting for a person: {@code run} is its row
     * as stored now.
     */
    default void runChanged(Run run) {}

    /** Another run of the tree of {@code topRunId} ended; its row is not read again only to say so. */
    default void treeChanged(long topRunId) {}

    /** Log lines of the tree of {@code topRunId} up to {@code lastSeq} are now stored. */
    default void linesStored(long topRunId, long lastSeq) {}
}
