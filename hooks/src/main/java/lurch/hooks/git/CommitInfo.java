package lurch.hooks.git;

import java.time.Instant;

/** What Lurch shows of a commit: its author, message and authoring time. */
public record CommitInfo(String sha, String authorName, String authorEmail, String message, Instant time) {

    /** The first line of the message, for one-line displays. */
    public String subject() {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
