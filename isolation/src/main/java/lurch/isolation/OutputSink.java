package lurch.isolation;

/**
 * Receives output lines: without their line terminator ({@code \n} or {@code \r\n}), invalid UTF-8
 * replaced by U+FFFD, lines over 1 MiB cut into pieces. {@code epochMillis} is when the line was read.
 * Called from several threads at once: implementations must be thread-safe.
 */
@FunctionalInterface
public interface OutputSink {

    void line(Stream stream, long epochMillis, String text);

    /**
     * The lines of one read, in order. A sink that pays a cost per call (a lock, a queue entry) pays it
     * once per read this way: a process printing a million short lines makes about a hundred reads.
     */
    default void lines(Stream stream, long epochMillis, TextLines lines) {
        for (int i = 0; i < lines.count(); i++) {
            line(stream, epochMillis, lines.text(i));
        }
    }

    /** A sink that drops everything. */
    OutputSink NONE = (stream, epochMillis, text) -> { };
}
