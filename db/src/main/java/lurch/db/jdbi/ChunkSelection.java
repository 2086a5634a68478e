package lurch.db.jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Picks the log chunks a page needs. Chunks of different runs of a tree overlap in seq, so a page is complete
 * once the chosen chunks surely hold {@code limit} lines below the first seq of every chunk left out.
 */
final class ChunkSelection {

    /** A chunk's place in seq order, without its lines. */
    record Range(long id, long firstSeq, long lastSeq, int lineCount) {}

    private ChunkSelection() {}

    /**
     * The chunks that hold the first {@code limit} lines after {@code afterSeq}.
     *
     * @param ranges the candidate chunks, ordered by first seq
     */
    static List<Range> forPage(List<Range> ranges, long afterSeq, int limit) {
        List<Range> chosen = new ArrayList<>();
        // Chosen chunks whose lines all come after afterSeq but not yet surely before the next chunk.
        PriorityQueue<Range> pending = new PriorityQueue<>((a, b) -> Long.compare(a.lastSeq(), b.lastSeq()));
        long sure = 0;
        for (Range range : ranges) {
            while (!pending.isEmpty() && pending.peek().lastSeq() < range.firstSeq()) sure += pending.poll().lineCount();
            if (sure >= limit) break;
            chosen.add(range);
            if (range.firstSeq() > afterSeq) pending.add(range);
        }
        return chosen;
    }

    /**
     * The chunks that hold the first lines after {@code afterSeq}, whole, until they hold {@code limit} lines or
     * more; empty when those lines are not whole chunks one after another in seq: a chunk holds lines up to
     * {@code afterSeq} as well, or the chunks overlap (runs of a tree wrote at the same time).
     *
     * @param ranges the candidate chunks, ordered by first seq
     */
    static Optional<List<Range>> wholeChunks(List<Range> ranges, long afterSeq, int limit) {
        List<Range> chosen = new ArrayList<>();
        long end = afterSeq;
        int lines = 0;
        for (Range range : ranges) {
            if (range.firstSeq() <= end) return Optional.empty(); // also the first chunk not chosen
            if (lines >= limit) break;
            chosen.add(range);
            lines += range.lineCount();
            end = range.lastSeq();
        }
        return Optional.of(chosen);
    }
}
