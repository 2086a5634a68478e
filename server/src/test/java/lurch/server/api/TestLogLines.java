package lurch.server.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lurch.db.LogLine;
import lurch.db.testing.LineBlocks;

/** Stores output lines "line SEQ" for tests: odd seqs from the top run, even ones from {@code otherRun}. */
public final class TestLogLines {

    private TestLogLines() {}

    public static void append(ApiTestServer api, long top, long otherRun, long firstSeq, int count) {
        List<LogLine> lines = new ArrayList<>();
        Instant now = Instant.now();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            lines.add(new LogLine(seq % 2 == 0 ? otherRun : top, seq, now, LogLine.Stream.STDOUT, "line " + seq));
        }
        api.db.logs().append(LineBlocks.of(lines));
    }
}
