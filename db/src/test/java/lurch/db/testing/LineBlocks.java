package lurch.db.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lurch.db.LineBlock;
import lurch.db.LogLine;

/** Lines as the blocks {@link lurch.db.LogStore#append} takes, grouped as a process's reads would be. */
public final class LineBlocks {

    private LineBlocks() {}

    /** {@code lines} as blocks: each stretch of one run, stream and time with seqs one apart becomes one block. */
    public static List<LineBlock> of(List<LogLine> lines) {
        List<LineBlock> blocks = new ArrayList<>();
        for (int from = 0, to; from < lines.size(); from = to) {
            LogLine first = lines.get(from);
            to = from + 1;
            while (to < lines.size() && continues(first, to - from, lines.get(to))) to++;
            blocks.add(ofStretch(lines.subList(from, to)));
        }
        return blocks;
    }

    private static boolean continues(LogLine first, int index, LogLine line) {
        return line.runId() == first.runId() && line.seq() == first.seq() + index && line.time().equals(first.time())
                && line.stream() == first.stream();
    }

    private static LineBlock ofStretch(List<LogLine> stretch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] ends = new int[stretch.size()];
        for (int i = 0; i < ends.length; i++) {
            out.writeBytes(stretch.get(i).text().getBytes(StandardCharsets.UTF_8));
            ends[i] = out.size();
            out.write('\n');
        }
        LogLine first = stretch.getFirst();
        return new LineBlock(first.runId(), first.seq(), first.time().toEpochMilli(), first.stream(), out.toByteArray(),
                ends, ends.length);
    }
}
