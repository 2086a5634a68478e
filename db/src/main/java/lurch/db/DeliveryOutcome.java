package lurch.db;

import java.util.Locale;

/** What became of a webhook delivery (or a build by hand), stored as the lower-case name. */
public enum DeliveryOutcome {
    /** Accepted and stored; not yet fetched. Still queued after a crash means: process it after the restart. */
    QUEUED,
    /** Being fetched and started by this server process. */
    PROCESSING,
    /** A run was started (its id is on the delivery). */
    STARTED,
    /** The commit has no {@code .lurch}: nothing to build. */
    SKIPPED,
    /** Needs no build: a ping, a branch deletion, a closed pull request. */
    IGNORED,
    /** Fetching failed, or the {@code .lurch} was invalid (then a failed run is on the delivery). */
    FAILED;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryOutcome ofDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
