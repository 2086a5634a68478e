package lurch.hooks.status;

/**
 * One status to put on a commit: program {@code deploy} shows on the forge as context {@code lurch/deploy}.
 *
 * @param targetUrl   the run's page, linked from the forge; may be null
 * @param description a short human text; cut to {@value #MAX_DESCRIPTION} characters, GitHub's limit
 */
public record CommitStatus(String sha, CommitState state, String program, String targetUrl, String description) {
    public static final int MAX_DESCRIPTION = 140;

    public CommitStatus {
        if (sha == null || !sha.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("commit status needs a full 40-digit lower-case sha, got '" + sha + "'");
        }
        if (state == null) {
            throw new IllegalArgumentException("commit status for " + sha + " has no state");
        }
        if (program == null || program.isBlank()) {
            throw new IllegalArgumentException("commit status for " + sha + " has no program name");
        }
        description = description == null ? "" : description;
        if (description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION - 1) + "…";
        }
    }

    /** The name under which the forge lists this status, e.g. {@code lurch/deploy}. */
    public String context() {
        return "lurch/" + program;
    }
}
