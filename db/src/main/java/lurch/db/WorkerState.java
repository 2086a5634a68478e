package lurch.db;

/**
 * A worker's state: ready (heartbeating, no isolate), busy (running isolates), lost (its heartbeat stopped for longer
 * than the lease: its isolates were ended or handed on) or stopped (it exited cleanly). Stored as lower-case names.
 */
public enum WorkerState {
    READY, BUSY, LOST, STOPPED;

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static WorkerState ofDbName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
