package lurch.server.web;

import java.util.List;
import java.util.Locale;
import lurch.db.LogLine;
import lurch.db.LogStore;

/**
 * One page of a run's output: at most {@link #SIZE} lines after seq {@code after}, of the whole tree or of one
 * sub-run. Seqs count the lines of a top run's tree, so without {@code after} the page starts {@link #SIZE} seqs
 * before the last stored line: the newest output, found without reading the rest of a long log.
 */
public record LogPage(long scopeRunId, long after, List<Row> rows, Long earlierAfter, Long laterAfter, long lastSeq) {

    static final int SIZE = 500;

    /** Characters of one line shown on a page; a longer line links to its full text. */
    static final int MAX_LINE_SHOWN = 4096;

    /**
     * A line as the page shows it: stream as a CSS class and a word, text as styled pieces, cut at
     * {@link #MAX_LINE_SHOWN} characters with {@code fullText} the link to all of it (null when not cut).
     */
    public record Row(long runId, long seq, String time, String stream, List<AnsiText.Piece> pieces, String fullText) {
        static Row of(LogLine line) {
            String text = line.text();
            boolean cut = text.length() > MAX_LINE_SHOWN;
            if (cut) {
                int end = Character.isHighSurrogate(text.charAt(MAX_LINE_SHOWN - 1)) ? MAX_LINE_SHOWN - 1 : MAX_LINE_SHOWN;
                text = text.substring(0, end);
            }
            return new Row(line.runId(), line.seq(), Figures.time(line.time()),
                    line.stream().name().toLowerCase(Locale.ROOT), AnsiText.pieces(text),
                    cut ? Links.run(line.runId()) + "/lines/" + line.seq() : null);
        }
    }

    /**
     * @param after the seq the page starts after, null for the newest page
     */
    static LogPage read(LogStore logs, long topRunId, long scopeRunId, Long after) {
        long lastSeq = logs.lastSeq(topRunId);
        long start = after != null ? after : Math.max(0, lastSeq - SIZE);
        List<Row> rows = logs.read(scopeRunId, start, SIZE).stream().map(Row::of).toList();
        Long earlier = start > 0 ? Math.max(0, start - SIZE) : null;
        Long later = rows.size() == SIZE && rows.getLast().seq() < lastSeq ? rows.getLast().seq() : null;
        return new LogPage(scopeRunId, start, rows, earlier, later, lastSeq);
    }

    /** The newest page follows the run live; an older page stays as it is. */
    public boolean newest() {
        return laterAfter == null;
    }

    /** The seq live updates continue after. */
    public long shownUpTo() {
        return rows.isEmpty() ? after : rows.getLast().seq();
    }
}
