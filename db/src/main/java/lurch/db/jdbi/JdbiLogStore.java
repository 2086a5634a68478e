package lurch.db.jdbi;

import lurch.db.LineBlock;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.db.StoredLines;
import lurch.db.StoredText;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Output lines in table log_chunks, many lines per row (see {@link LogChunkCodec}): an append is one batched
 * INSERT per batch of lines, and a read fetches only the chunks that can hold the page asked for.
 */
public final class JdbiLogStore implements LogStore {

    private final Jdbi jdbi;

    private record StoredChunk(long runId, byte[] bytes) {}

    public JdbiLogStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void append(List<LineBlock> blocks) {
        if (blocks.isEmpty()) return;
        List<LogChunkCodec.Chunk> chunks = new ArrayList<>();
        for (List<LineBlock> ofRun : byRun(blocks)) chunks.addAll(LogChunkCodec.encode(ofRun.getFirst().runId(), ofRun));
        long lineCount = blocks.stream().mapToLong(LineBlock::count).sum();
        jdbi.useTransaction(h -> {
            // The chunk copies its run's top_id, so reads of a tree need no join to find its chunks.
            var insert = h.prepareBatch("""
                    INSERT INTO log_chunks (run_id, top_id, first_seq, last_seq, line_count, lines)
                    SELECT id, top_id, ?, ?, ?, ? FROM runs WHERE id = ?""");
            for (LogChunkCodec.Chunk chunk : chunks) {
                insert.bind(0, chunk.firstSeq()).bind(1, chunk.lastSeq()).bind(2, chunk.lineCount())
                        .bind(3, chunk.bytes()).bind(4, chunk.runId()).add();
            }
            int[] inserted = insert.execute();
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] == 0) {
                    throw new IllegalArgumentException("cannot store log lines: no run " + chunks.get(i).runId());
                }
            }
            h.createUpdate("UPDATE log_totals SET line_count = line_count + ? WHERE id = 1")
                    .bind(0, lineCount).execute();
        });
    }

    /** The blocks of each run, in their order; a batch of one run's blocks, the usual, is not copied. */
    private static Collection<List<LineBlock>> byRun(List<LineBlock> blocks) {
        long first = blocks.getFirst().runId();
        int other = 0;
        while (other < blocks.size() && blocks.get(other).runId() == first) other++;
        if (other == blocks.size()) return List.of(blocks);
        Map<Long, List<LineBlock>> byRun = new LinkedHashMap<>();
        for (LineBlock block : blocks) byRun.computeIfAbsent(block.runId(), id -> new ArrayList<>()).add(block);
        return byRun.values();
    }

    @Override
    public List<LogLine> read(long runId, long afterSeq, int limit) {
        return readStored(runId, afterSeq, limit).lines();
    }

    @Override
    public StoredLines readStored(long runId, long afterSeq, int limit) {
        if (limit <= 0) return new StoredLines();
        StoredLines lines = jdbi.withHandle(h -> {
            List<ChunkSelection.Range> chunks = ChunkSelection.forPage(chunkRanges(h, runId, afterSeq), afterSeq, limit);
            StoredLines stored = new StoredLines(chunks.stream().mapToInt(ChunkSelection.Range::lineCount).sum());
            for (StoredChunk chunk : chunks(h, chunks)) LogChunkCodec.decode(chunk.runId(), chunk.bytes(), afterSeq, stored);
            return stored;
        });
        lines.orderAndLimit(limit); // chunks of one run come in order; only a tree's runs interleave
        return lines;
    }

    @Override
    public Optional<StoredText> readText(long runId, long afterSeq, int limit) {
        return jdbi.withHandle(h -> {
            Optional<List<ChunkSelection.Range>> whole = ChunkSelection.wholeChunks(chunkRanges(h, runId, afterSeq),
                    afterSeq, limit);
            if (whole.isEmpty()) return Optional.empty();
            List<StoredText.Piece> pieces = new ArrayList<>();
            for (StoredChunk chunk : chunks(h, whole.get())) {
                int start = LogChunkCodec.textStart(chunk.bytes());
                if (start < 0) return Optional.empty(); // stored by an earlier Lurch: line by line
                pieces.add(new StoredText.Piece(chunk.bytes(), start, chunk.bytes().length - start));
            }
            return Optional.of(new StoredText(pieces, whole.get().isEmpty() ? afterSeq : whole.get().getLast().lastSeq()));
        });
    }

    /** The chunks of {@code ranges} in seq order, sent in binary by PostgreSQL ({@link BinaryResults}). */
    private static List<StoredChunk> chunks(Handle h, List<ChunkSelection.Range> ranges) {
        if (ranges.isEmpty()) return List.of();
        return h.createQuery("SELECT run_id, lines FROM log_chunks WHERE id IN (<ids>) ORDER BY first_seq, id")
                .bindList("ids", ranges.stream().map(ChunkSelection.Range::id).toList())
                .addCustomizer(BinaryResults.INSTANCE)
                .map((rs, ctx) -> new StoredChunk(rs.getLong("run_id"), rs.getBytes("lines")))
                .list();
    }

    /** Where the chunks of the run's subtree lie in seq, for those holding a line after {@code afterSeq}. */
    private static List<ChunkSelection.Range> chunkRanges(Handle h, long runId, long afterSeq) {
        return h.createQuery("""
                        SELECT c.id, c.first_seq, c.last_seq, c.line_count
                        FROM runs me
                        JOIN log_chunks c ON c.top_id = me.top_id AND c.last_seq > :after
                        JOIN runs r ON r.id = c.run_id
                        WHERE me.id = :run AND (me.id = me.top_id OR r.lineage LIKE CONCAT(me.lineage, '%'))
                        ORDER BY c.first_seq, c.id""")
                .bind("run", runId).bind("after", afterSeq)
                .map((rs, ctx) -> new ChunkSelection.Range(rs.getLong("id"), rs.getLong("first_seq"),
                        rs.getLong("last_seq"), rs.getInt("line_count")))
                .list();
    }

    @Override
    public long lastSeq(long topRunId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(last_seq), 0) FROM log_chunks WHERE top_id = ?")
                .bind(0, topRunId).mapTo(Long.class).one());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT line_count FROM log_totals WHERE id = 1")
                .mapTo(Long.class).one());
    }
}
