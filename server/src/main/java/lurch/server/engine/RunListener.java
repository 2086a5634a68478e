package lurch.server.engine;

import lurch.db.Run;

/** Hears of engine events; called on engine threads, so implementations must return quickly. */
public interface RunListener {

    /** A run was created, started, began waiting or ended. */
    default void runChanged(Run run) {}

    /** Log lines of the tree of {@code topRunId} up to {@code lastSeq} are now stored. */
    default void linesStored(long topRunId, long lastSeq) {}
}
