package lurch.hooks.status;

import java.util.Locale;
import lurch.hooks.webhook.Forge;

/**
 * One try at sending a commit status and what came of it, for the run's log.
 *
 * @param httpStatus the forge's answer code, or 0 when no answer came (connection failed, timed out)
 * @param answer     the start of the forge's answer body, or the error when no answer came
 */
public record StatusAttempt(Forge forge, String repo, CommitStatus status, int attempt, int maxAttempts,
                            int httpStatus, String answer, Outcome outcome) {

    /** What happens after this attempt. */
    public enum Outcome {
        /** The forge took the status. */
        DELIVERED,
        /** A network error or a 5xx/429 answer: another attempt follows. */
        WILL_RETRY,
        /** Still failing after the last attempt. */
        GAVE_UP,
        /** The forge refused the request (bad token, unknown repository, ...): retrying would not help. */
        REJECTED
    }

    /** A log line, e.g. "GitHub status success of lurch/ci for owner/repo@0123abc: attempt 1/4 answered 500: ...". */
    public String describe() {
        String answered = httpStatus == 0 ? "got no answer" : "answered " + httpStatus;
        String detail = answer == null || answer.isBlank() ? "" : ": " + answer;
        String next = switch (outcome) {
            case DELIVERED -> "";
            case WILL_RETRY -> "; will retry";
            case GAVE_UP -> "; giving up";
            case REJECTED -> "; not retrying";
        };
        return forge + " status " + status.state().name().toLowerCase(Locale.ROOT) + " of " + status.context()
                + " for " + repo + "@" + status.sha().substring(0, 7) + ": attempt " + attempt + "/" + maxAttempts
                + " " + answered + detail + next;
    }
}
