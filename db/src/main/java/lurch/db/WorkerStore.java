package lurch.db;

import java.time.Instant;
import java.util.List;

/** Worker registrations and heartbeats (table workers). */
public interface WorkerStore {

    /** Registers {@code name} as ready, or registers it again (a worker that comes back starts clean). */
    void register(String name, Instant now);

    /**
     * Records that {@code name} is alive and holds {@code isolates} isolates; false when it is not registered or was
     * declared lost meanwhile (it must then start clean and register again).
     */
    boolean heartbeat(String name, int isolates, Instant now);

    /** A worker that exits cleanly. */
    void stopped(String name, Instant now);

    /**
     * Declares lost every ready or busy worker last seen before {@code seenBefore}; answers their names. Two callers
     * at once never both get the same name.
     */
    List<String> markLost(Instant seenBefore);

    /** Every worker ever registered, by name. */
    List<Worker> list();
}
