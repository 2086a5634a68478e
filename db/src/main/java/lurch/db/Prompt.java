package lurch.db;

import java.time.Instant;

/**
 * A question to a person: an {@code approve} (kind APPROVAL) or a {@code let} (kind ANSWER).
 * Open while {@code settled} is null. {@code result} is "approved"/"rejected"/"timed_out" for an
 * approval, the value given for an answer.
 */
public record Prompt(long runId, Kind kind, String name, String comment, String defaultValue, Instant deadline,
                     Instant created, Instant settled, String settledBy, String result, String message) {

    public enum Kind { APPROVAL, ANSWER }

    public boolean isOpen() {
        return settled == null;
    }
}
