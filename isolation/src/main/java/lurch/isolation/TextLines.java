package lurch.isolation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Lines that came together (one read of a pipe), kept as UTF-8: {@code utf8} holds the {@code count} lines, each
 * followed by {@code \n}, and line {@code i} ends where {@code ends[i]} says (its newline's index). A process's
 * output so goes to the store as the bytes it was read as, with no String per line: that copy and its garbage were
 * a third of the server's CPU while it stored a million lines. A line may hold {@code \n} itself (a text given to
 * {@link #of}): {@code ends} is what counts, not the newlines.
 */
public record TextLines(byte[] utf8, int[] ends, int count) {

    /** Lines of the given texts. */
    public static TextLines of(List<String> texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] ends = new int[texts.size()];
        for (int i = 0; i < ends.length; i++) {
            out.writeBytes(texts.get(i).getBytes(StandardCharsets.UTF_8));
            ends[i] = out.size();
            out.write('\n');
        }
        return new TextLines(out.toByteArray(), ends, ends.length);
    }

    /** Where line {@code i} starts in {@link #utf8}. */
    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1] + 1;
    }

    /** The text of line {@code i}. */
    public String text(int i) {
        int start = start(i);
        return new String(utf8, start, ends[i] - start, StandardCharsets.UTF_8);
    }
}
