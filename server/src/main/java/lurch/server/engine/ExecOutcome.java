package lurch.server.engine;

import lurch.db.Usage;

/**
 * How a process ended: its exit code (or one of Lurch's: 127 could not start, -131 timed out, -133 worker lost), what
 * it used, and {@code note}, a line for its log saying why Lurch ended it (null when it ended by itself).
 */
public record ExecOutcome(int exitCode, Usage usage, String note) {

    public static ExecOutcome exited(int exitCode, Usage usage) {
        return new ExecOutcome(exitCode, usage, null);
    }

    public static ExecOutcome failed(int exitCode, String note) {
        return new ExecOutcome(exitCode, Usage.NONE, note);
    }
}
