package lurch.isolation.output;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;
import lurch.isolation.TextLines;

/**
 * Turns the bytes of one stream into lines for an {@link OutputSink}: splits at {@code \n}, drops a
 * {@code \r} before it, decodes UTF-8 (invalid bytes become U+FFFD), cuts lines longer than
 * {@link #MAX_LINE_BYTES} into pieces (never inside a character) and emits a last line that has no
 * newline at {@link #finish}.
 *
 * <p>Speed: all complete lines of a read are decoded with ONE String constructor, which tells whether they are
 * ASCII, and found with {@code String.indexOf}, both vectorised by the JIT (and fast even before it warms up); ASCII
 * lines then go on as the bytes read, in one {@link TextLines}, with no String each. A byte loop and a String per
 * line are left for reads holding multi-byte characters or invalid bytes, a {@code \r\n} or a line to cut. Splitting
 * a block of whole lines gives the same lines as line by line, because {@code \n} never occurs
 * inside a UTF-8 sequence. Not thread-safe: one splitter per stream, fed by one thread.
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
        int lastNewline = end - 1;
        while (lastNewline >= offset && bytes[lastNewline] != '\n') {
            lastNewline--;
        }
        if (lastNewline >= offset) {
            if (pendingLength == 0) {
                emitLines(bytes, offset, lastNewline, epochMillis);
            } else {
                append(bytes, offset, lastNewline - offset);
                emitLines(pending, 0, pendingLength, epochMillis);
                pendingLength = 0;
            }
            offset = lastNewline + 1;
        }
        append(bytes, offset, end - offset);
        if (pendingLength > MAX_LINE_BYTES) {
            List<String> pieces = new ArrayList<>();
            int cut = cutLongLine(pending, 0, pendingLength, pieces);
            sink.lines(stream, epochMillis, TextLines.of(pieces));
            System.arraycopy(pending, cut, pending, 0, pendingLength - cut);
            pendingLength -= cut;
        }
    }

    /** End of stream: emits the last line if it had no newline. */
    public void finish(long epochMillis) {
        if (pendingLength > 0) {
            emitLines(pending, 0, pendingLength, epochMillis);
            pendingLength = 0;
        }
    }

    /**
     * Emits the lines of {@code bytes[from, to)}, each ended by {@code \n} or, the last one, by {@code to},
     * in one call of {@link OutputSink#lines}.
     */
    private void emitLines(byte[] bytes, int from, int to, long epochMillis) {
        String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        // As long as the bytes, and no U+FFFD (what an invalid byte decodes to): only ASCII, one char per byte.
        if (text.length() != to - from || text.indexOf('\uFFFD') >= 0) {
            emitLinesOfBytes(bytes, from, to, epochMillis);
            return;
        }
        int[] ends = new int[16];
        int count = 0;
        for (int start = 0; ; ) { // string offsets are byte offsets
            int newline = text.indexOf('\n', start);
            int lineEnd = newline < 0 ? text.length() : newline;
            if (lineEnd > start && text.charAt(lineEnd - 1) == '\r' || lineEnd - start > MAX_LINE_BYTES) {
                emitLinesOfBytes(bytes, from, to, epochMillis); // lines to change: not as read
                return;
            }
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
            }
            ends[count++] = lineEnd;
            if (newline < 0) {
                break;
            }
            start = newline + 1;
        }
        byte[] utf8 = Arrays.copyOfRange(bytes, from, to + 1);
        utf8[to - from] = '\n'; // the last line's: {@link #finish} gives one without
        sink.lines(stream, epochMillis, new TextLines(utf8, ends, count));
    }

    /**
     * The slow path, for text with multi-byte characters or invalid bytes, a {@code \r\n} or a line to cut: splits
     * and cuts on bytes, a String per line.
     */
    private void emitLinesOfBytes(byte[] bytes, int from, int to, long epochMillis) {
        List<String> lines = new ArrayList<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || bytes[i] == '\n') {
                int lineEnd = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                start = cutLongLine(bytes, start, lineEnd, lines);
                lines.add(decode(bytes, start, lineEnd));
                start = i + 1;
            }
        }
        sink.lines(stream, epochMillis, TextLines.of(lines));
    }

    /** Adds 1 MiB pieces of {@code bytes[from, to)} to {@code pieces} while more than that is left; returns where the rest starts. */
    private static int cutLongLine(byte[] bytes, int from, int to, List<String> pieces) {
        int start = from;
        while (to - start > MAX_LINE_BYTES) {
            int cut = characterBoundary(bytes, start + MAX_LINE_BYTES, start);
            pieces.add(decode(bytes, start, cut));
            start = cut;
        }
        return start;
    }

    private static String decode(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
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
