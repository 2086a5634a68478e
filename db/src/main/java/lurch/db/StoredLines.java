package lurch.db;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A page of log lines as stored, in seq order: each line's text stays UTF-8 bytes inside the chunk it was read
 * from, so the plain-text log copies bytes without making and re-encoding a String per line (a million lines
 * took twice as long that way).
 */
public final class StoredLines {

    private final List<byte[]> chunks = new ArrayList<>();
    private final List<Long> chunkRuns = new ArrayList<>();
    private int size;
    private int[] chunk;
    private long[] seq;
    private long[] millis;
    private byte[] stream;
    private int[] offset;
    private int[] length;

    public StoredLines() {
        this(1024);
    }

    /** Lines with room for {@code capacity} before the arrays grow. */
    public StoredLines(int capacity) {
        capacity = Math.max(capacity, 16);
        chunk = new int[capacity];
        seq = new long[capacity];
        millis = new long[capacity];
        stream = new byte[capacity];
        offset = new int[capacity];
        length = new int[capacity];
    }

    /** The lines as they would be stored: the form of a store that keeps {@link LogLine}s. */
    public static StoredLines of(List<LogLine> lines) {
        StoredLines stored = new StoredLines();
        for (LogLine line : lines) {
            byte[] text = line.text().getBytes(StandardCharsets.UTF_8);
            int chunk = stored.addChunk(line.runId(), text);
            stored.add(chunk, line.seq(), line.time().toEpochMilli(), line.stream().code(), 0, text.length);
        }
        return stored;
    }

    /** Adds the bytes lines point into, of run {@code runId}; returns the chunk's number for {@link #add}. */
    public int addChunk(long runId, byte[] bytes) {
        chunks.add(bytes);
        chunkRuns.add(runId);
        return chunks.size() - 1;
    }

    /** Adds a line whose text is {@code length} bytes at {@code offset} of chunk {@code chunk}. */
    public void add(int chunk, long seq, long millis, char streamCode, int offset, int length) {
        if (size == this.seq.length) grow();
        this.chunk[size] = chunk;
        this.seq[size] = seq;
        this.millis[size] = millis;
        this.stream[size] = (byte) streamCode;
        this.offset[size] = offset;
        this.length[size] = length;
        size++;
    }

    /** Puts the lines in seq order (lines of several chunks of a tree interleave) and keeps the first {@code limit}. */
    public void orderAndLimit(int limit) {
        if (!inSeqOrder()) {
            int[] order = IntStream.range(0, size).boxed().sorted(Comparator.comparingLong(i -> seq[i]))
                    .mapToInt(Integer::intValue).toArray();
            chunk = permuted(chunk, order);
            seq = IntStream.of(order).mapToLong(i -> seq[i]).toArray();
            millis = IntStream.of(order).mapToLong(i -> millis[i]).toArray();
            byte[] streams = new byte[size];
            for (int i = 0; i < size; i++) streams[i] = stream[order[i]];
            stream = streams;
            offset = permuted(offset, order);
            length = permuted(length, order);
        }
        size = Math.min(size, limit);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long runId(int line) {
        return chunkRuns.get(chunk[line]);
    }

    public long seq(int line) {
        return seq[line];
    }

    public long millis(int line) {
        return millis[line];
    }

    /** The array holding line {@code line}'s UTF-8 text, at {@link #offset} for {@link #length} bytes. */
    public byte[] bytes(int line) {
        return chunks.get(chunk[line]);
    }

    public int offset(int line) {
        return offset[line];
    }

    public int length(int line) {
        return length[line];
    }

    /**
     * The end of the lines from {@code from} whose texts lie one after another in one array, each followed by
     * {@code \n}: lines {@code from} to the end (exclusive) read as stored are their plain text, newlines and all,
     * from {@link #offset offset(from)} up to the end of the last one's text.
     */
    public int storedTextEnd(int from) {
        int ofChunk = chunk[from];
        byte[] bytes = chunks.get(ofChunk);
        int end = offset[from] + length[from];
        int line = from + 1;
        while (line < size && chunk[line] == ofChunk && offset[line] == end + 1 && bytes[end] == '\n') {
            end = offset[line] + length[line];
            line++;
        }
        return line;
    }

    /** The lines as {@link LogLine}s; lines of the same millisecond share one Instant. */
    public List<LogLine> lines() {
        List<LogLine> lines = new ArrayList<>(size);
        Instant time = Instant.EPOCH;
        for (int i = 0; i < size; i++) {
            if (time.toEpochMilli() != millis[i]) time = Instant.ofEpochMilli(millis[i]);
            String text = new String(bytes(i), offset[i], length[i], StandardCharsets.UTF_8);
            lines.add(new LogLine(runId(i), seq[i], time, LogLine.Stream.ofCode((char) stream[i]), text));
        }
        return lines;
    }

    private boolean inSeqOrder() {
        for (int i = 1; i < size; i++) {
            if (seq[i - 1] > seq[i]) return false;
        }
        return true;
    }

    private static int[] permuted(int[] values, int[] order) {
        return IntStream.of(order).map(i -> values[i]).toArray();
    }

    private void grow() {
        int capacity = size * 2; // never below 32: the arrays start with room for 16 or more
        chunk = Arrays.copyOf(chunk, capacity);
        seq = Arrays.copyOf(seq, capacity);
        millis = Arrays.copyOf(millis, capacity);
        stream = Arrays.copyOf(stream, capacity);
        offset = Arrays.copyOf(offset, capacity);
        length = Arrays.copyOf(length, capacity);
    }
}
