package lurch.isolation;

/**
 * Receives output lines: without their line terminator ({@code \n} or {@code \r\n}), invalid UTF-8
 * replaced by U+FFFD, lines over 1 MiB cut into pieces. {@code epochMillis} is when the line was read.
 * Called from several threads at once: implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutputSink {

    void line(Stream stream, long epochMillis, String text);

    /** A sink that drops everything. */
    OutputSink NONE = (stream, epochMillis, text) -> { };
}
