package lurch.isolation.output;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;

/**
 * Turns the bytes of one stream into lines for an {@link OutputSink}: splits at {@code \n}, drops a
 * {@code \r} before it, decodes UTF-8 (invalid bytes become U+FFFD), cuts lines longer than
 * {@link #MAX_LINE_BYTES} into pieces (never inside a character) and emits a last line that has no
 * newline at {@link #finish}. Bytes are scanned in place, so a line costs one String and one call.
 * Not thread-safe: one splitter per stream, fed by one thread.
 */
public final class LineSplitter {

    public static final int MAX_LINE_BYTES = 1 << 20;

    private final Stream stream;
    private final OutputSink sink;
    private byte[] pending = new byte[256]; // the start of a line whose end has not been read yet
    private int pendingLength;

    public LineSplitter(Stream stream, OutputSink sink) {
        this.stream = stream;
        this.sink = sink;
    }

    /** Takes {@code length} bytes read at {@code epochMillis}. */
    public void accept(byte[] bytes, int offset, int length, long epochMillis) {
        int end = offset + length;
        int lineStart = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                if (pendingLength == 0 && i - lineStart <= MAX_LINE_BYTES) {
                    emit(bytes, lineStart, withoutCarriageReturn(bytes, lineStart, i), epochMillis);
                } else {
                    append(bytes, lineStart, i - lineStart);
                    emitPending(true, epochMillis);
                }
                lineStart = i + 1;
            }
        }
        append(bytes, lineStart, end - lineStart);
        if (pendingLength > MAX_LINE_BYTES) {
            emitPending(false, epochMillis);
        }
    }

    /** End of stream: emits the last line if it had no newline. */
    public void finish(long epochMillis) {
        if (pendingLength > 0) {
            emitPending(true, epochMillis);
        }
    }

    /** Emits the pending bytes: all of them when the line is complete, else only whole 1 MiB pieces. */
    private void emitPending(boolean lineComplete, long epochMillis) {
        int start = 0;
        while (pendingLength - start > MAX_LINE_BYTES) {
            int cut = characterBoundary(pending, start + MAX_LINE_BYTES, start);
            emit(pending, start, cut, epochMillis);
            start = cut;
        }
        if (lineComplete) {
            emit(pending, start, withoutCarriageReturn(pending, start, pendingLength), epochMillis);
            start = pendingLength;
        }
        System.arraycopy(pending, start, pending, 0, pendingLength - start);
        pendingLength -= start;
    }

    private void emit(byte[] bytes, int from, int to, long epochMillis) {
        sink.line(stream, epochMillis, new String(bytes, from, to - from, StandardCharsets.UTF_8));
    }

    private void append(byte[] bytes, int from, int length) {
        if (length == 0) {
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private static int withoutCarriageReturn(byte[] bytes, int from, int to) {
        return to > from && bytes[to - 1] == '\r' ? to - 1 : to;
    }

    /** Moves {@code cut} back over UTF-8 continuation bytes (10xxxxxx) so no character is split. */
    private static int characterBoundary(byte[] bytes, int cut, int lowest) {
        int boundary = cut;
        while (boundary > lowest && cut - boundary < 3 && (bytes[boundary] & 0xC0) == 0x80) {
            boundary--;
        }
        boolean found = boundary > lowest && (bytes[boundary] & 0xC0) != 0x80;
        return found ? boundary : cut; // invalid UTF-8 there: any cut will do
    }
}
