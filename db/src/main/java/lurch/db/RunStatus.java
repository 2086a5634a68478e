package lurch.db;

/** The contract's run statuses, stored as their lower-case names. */
public enum RunStatus {
    WAITING, RUNNING, SUCCESS, FAILURE, CANCELLED;

    public boolean isFinal() {
        return this == SUCCESS || this == FAILURE || this == CANCELLED;
    }

    public String dbName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RunStatus ofDbName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
