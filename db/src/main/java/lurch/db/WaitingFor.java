package lurch.db;

/** What a WAITING run waits for. */
public enum WaitingFor {
    /** Created, not yet started by the engine. */
    START,
    /** An exec waiting for a free process slot (LURCH_MAX_PROCS). */
    PROCESS_SLOT,
    /** An isolate's builder, until a worker claims the isolate (LURCH_LOCAL_ISOLATES=off). */
    WORKER,
    APPROVAL,
    ANSWER,
    TIMER;

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static WaitingFor ofDbName(String name) {
        return name == null ? null : valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
