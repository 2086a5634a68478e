package lurch.server.git;

/** What came of a {@link BuildRequest}. */
sealed interface BuildOutcome {

    /** The commit built (full sha). */
    String sha();

    /** A run of the commit's {@code .lurch} was started. */
    record Started(String sha, long runId) implements BuildOutcome {}

    /** The commit has no {@code .lurch}: nothing to build. */
    record Skipped(String sha, String reason) implements BuildOutcome {}

    /** The commit's {@code .lurch} is invalid: a failed run holds the errors. */
    record Rejected(String sha, long runId, String error) implements BuildOutcome {}
}
