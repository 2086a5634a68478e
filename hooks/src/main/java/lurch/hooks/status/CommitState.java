package lurch.hooks.status;

/** The state of a build as shown next to a commit; each forge's API maps it to its own word. */
public enum CommitState {
    PENDING,
    RUNNING,
    SUCCESS,
    FAILURE,
    /** Lurch itself failed (the program did not start, isolation broke): not the commit's fault. */
    ERROR,
    CANCELED
}
