package lurch.db;

import java.util.List;

/**
 * The plain text of stored lines, each line's UTF-8 text and a newline, in seq order, as pieces of the arrays the
 * store read: what a log without a prefix writes, copied a chunk at a time.
 *
 * @param lastSeq the seq of the last line in the text; the seq it was read after when there is none
 */
public record StoredText(List<Piece> pieces, long lastSeq) {

    /** {@code length} bytes of {@code bytes} from {@code offset}. */
    public record Piece(byte[] bytes, int offset, int length) {}

    public StoredText {
        pieces = List.copyOf(pieces);
    }

    public boolean isEmpty() {
        return pieces.isEmpty();
    }
}
