package lurch.db;

import java.util.List;
import java.util.Optional;

/**
 * Output lines. Appends come in batches (the engine buffers); storage may group lines into chunks,
 * but reads return single lines. A million lines must store in well under a second.
 */
public interface LogStore {

    /** Stores {@code blocks} in one transaction: all of them, or none when a block's run does not exist. */
    void append(List<LineBlock> blocks);

    /**
     * Lines of run {@code runId} and everything below it with {@code seq > afterSeq}, ordered by seq,
     * at most {@code limit}.
     */
    List<LogLine> read(long runId, long afterSeq, int limit);

    /** The lines {@link #read} returns, with their text as the stored UTF-8 bytes. */
    default StoredLines readStored(long runId, long afterSeq, int limit) {
        return StoredLines.of(read(runId, afterSeq, limit));
    }

    /**
     * The text of about {@code limit} lines {@link #read} would return, the last chunk whole, when the store holds
     * them as whole chunks of text in seq order; empty when they must be read line by line (runs of the tree wrote
     * at the same time, or {@code afterSeq} lies inside a chunk).
     */
    default Optional<StoredText> readText(long runId, long afterSeq, int limit) {
        return Optional.empty();
    }

    /** The highest seq stored for the tree of top run {@code topRunId}, 0 when none. */
    long lastSeq(long topRunId);

    /** Total number of lines stored, for /metrics. */
    long count();
}
