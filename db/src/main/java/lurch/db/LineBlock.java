package lurch.db;

/**
 * Lines of one run, stream and time with the seqs {@code firstSeq} on, as they are appended: {@code utf8} holds the
 * {@code count} texts, each followed by {@code \n}, and line {@code i}'s text ends at {@code ends[i]}. A process's
 * lines come as the bytes read from its pipe, which the store copies into a chunk as they are.
 */
public record LineBlock(long runId, long firstSeq, long epochMillis, LogLine.Stream stream, byte[] utf8, int[] ends,
                        int count) {

    public long lastSeq() {
        return firstSeq + count - 1;
    }

    /** Where line {@code i}'s text starts in {@link #utf8}. */
    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1] + 1;
    }
}
