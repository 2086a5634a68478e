package lurch.server.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;
import lurch.isolation.TextLines;
import lurch.isolation.output.LineSplitter;

/**
 * Masks secrets in a process's output before it is stored. Lines arrive whole however the pipe's reads
 * cut them ({@link LineSplitter} joins reads); only a line longer than {@link LineSplitter#MAX_LINE_BYTES}
 * arrives in pieces, and a secret could straddle two pieces. So the tail of such a piece, where a secret
 * may begin, is held back and put in front of the next piece before masking.
 *
 * <p>A piece is recognised by its size; a line that is by itself within 3 bytes of the limit is taken for
 * a piece too, and its tail then starts the next line: a cosmetic cost on a rare line, never a leak.
 */
public final class MaskingSink implements OutputSink {
    private final SecretMask mask;
    private final OutputSink store;
    /** Per stream, the held-back tail of the last piece of a cut line. */
    private final Map<Stream, String> carried = new ConcurrentHashMap<>();

    MaskingSink(SecretMask mask, OutputSink store) {
        this.mask = mask;
        this.store = store;
    }

    /** {@code store}, masking {@code secrets} on the way (itself when there is nothing to mask). */
    public static OutputSink around(OutputSink store, java.util.Collection<String> secrets) {
        SecretMask mask = SecretMask.of(secrets);
        return mask.isEmpty() ? store : new MaskingSink(mask, store);
    }

    @Override
    public void line(Stream stream, long epochMillis, String text) {
        mask(stream, epochMillis, List.of(text));
    }

    @Override
    public void lines(Stream stream, long epochMillis, TextLines lines) {
        List<String> texts = new ArrayList<>(lines.count());
        for (int i = 0; i < lines.count(); i++) {
            texts.add(lines.text(i));
        }
        mask(stream, epochMillis, texts);
    }

    private void mask(Stream stream, long epochMillis, List<String> texts) {
        List<String> masked = new ArrayList<>(texts.size());
        String carry = carried.remove(stream);
        for (String piece : texts) {
            String text = carry == null ? piece : carry + piece;
            carry = null;
            if (isPieceOfLongerLine(piece)) {
                int cut = mask.safeCut(text);
                carry = text.substring(cut);
                text = text.substring(0, cut);
            }
            masked.add(mask.apply(text));
        }
        if (carry != null) {
            carried.put(stream, carry);
        }
        store.lines(stream, epochMillis, TextLines.of(masked));
    }

    private static boolean isPieceOfLongerLine(String text) {
        int least = LineSplitter.MAX_LINE_BYTES - 3;
        if (text.length() < least / 3) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes >= least;
    }
}
