package lurch.db;

import java.time.Instant;

/**
 * One line of output. {@code seq} orders the lines of one top run's tree (the engine assigns it,
 * increasing); {@code text} has no line terminator and secrets already masked.
 */
public record LogLine(long runId, long seq, Instant time, Stream stream, String text) {

    /** stdout and stderr of processes, and Lurch's own messages about the run. */
    public enum Stream {
        STDOUT, STDERR, LURCH;

        public char code() {
            return switch (this) { case STDOUT -> 'o'; case STDERR -> 'e'; case LURCH -> 'l'; };
        }

        public static Stream ofCode(char c) {
            return switch (c) { case 'o' -> STDOUT; case 'e' -> STDERR; case 'l' -> LURCH;
                default -> throw new IllegalArgumentException("unknown stream code " + c); };
        }
    }
}
