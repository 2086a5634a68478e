package lurch.db.jdbi;

import lurch.db.LineBlock;
import lurch.db.StoredLines;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte format of a log chunk: the lines of one run. A chunk starts with {@link #TEXT_BLOCK}, the varint length
 * of its header, the header: for each line the zigzag varints of the seq and time deltas from the previous line
 * (the first from 0), the stream code as one byte and the varint length of the text; then the texts, each followed
 * by {@code \n}. The texts are thus the plain-text log of the chunk as it is: a reader copies them in one piece
 * rather than line by line. Deltas keep a typical line's overhead at about 5 bytes.
 *
 * <p>Chunks written by an earlier Lurch interleave each line's header with its text and have no newlines; their
 * first byte, the start of an even varint (a zigzagged positive seq), is never {@link #TEXT_BLOCK}: both read.
 */
final class LogChunkCodec {

    /** A chunk ends once it reaches this size; a single longer line makes a chunk of its own. */
    static final int TARGET_CHUNK_BYTES = 256 * 1024;

    /** The first byte of a chunk whose texts come after all headers. */
    static final byte TEXT_BLOCK = 1;

    /** The encoded lines of one run, with what reads need to skip chunks unread. */
    record Chunk(long runId, long firstSeq, long lastSeq, int lineCount, byte[] bytes) {}

    private LogChunkCodec() {}

    /** Encodes the blocks of one run, in their order, into chunks of about {@link #TARGET_CHUNK_BYTES}. */
    static List<Chunk> encode(long runId, List<LineBlock> blocks) {
        List<Chunk> chunks = new ArrayList<>();
        Writer out = new Writer(estimatedSize(blocks));
        for (LineBlock block : blocks) {
            for (int from = 0; from < block.count(); ) {
                from = out.lines(block, from);
                if (out.size() >= TARGET_CHUNK_BYTES) chunks.add(out.take(runId));
            }
        }
        if (out.lineCount > 0) chunks.add(out.take(runId));
        return chunks;
    }

    /** Room for the texts and about 4 header bytes a line, up to a chunk: growing the buffers as they fill costs copies. */
    private static int estimatedSize(List<LineBlock> blocks) {
        long bytes = 64;
        for (LineBlock block : blocks) bytes += block.utf8().length + 4L * block.count();
        return (int) Math.min(bytes, TARGET_CHUNK_BYTES + 64 * 1024);
    }

    /** Where the texts of a chunk start (they run to its end); -1 for a chunk of the earlier format. */
    static int textStart(byte[] bytes) {
        return toHeaders(new Reader(bytes));
    }

    /** Moves {@code in} to the first line's header and returns where the texts start; -1 for the earlier format. */
    private static int toHeaders(Reader in) {
        if (in.bytes.length == 0 || in.bytes[0] != TEXT_BLOCK) return -1;
        in.position = 1;
        int headerLength = (int) in.varint();
        return in.position + headerLength;
    }

    /** Adds each line of a chunk, in order, that has a seq above {@code afterSeq}; the text stays in {@code bytes}. */
    static void decode(long runId, byte[] bytes, long afterSeq, StoredLines sink) {
        Reader in = new Reader(bytes);
        int text = toHeaders(in);
        boolean textBlock = text >= 0;
        int headerEnd = textBlock ? text : bytes.length;
        int chunk = sink.addChunk(runId, bytes);
        long seq = 0;
        long millis = 0;
        while (in.position < headerEnd) {
            seq += in.zigzag();
            millis += in.zigzag();
            char stream = (char) bytes[in.position++];
            int length = (int) in.varint();
            int offset = textBlock ? text : in.position;
            if (seq > afterSeq) {
                sink.add(chunk, seq, millis, stream, offset, length);
            }
            if (textBlock) {
                text += length + 1;
            } else {
                in.position += length;
            }
        }
    }

    /** Builds one chunk: the headers and the texts in buffers of their own, joined by {@link #take}. */
    private static final class Writer {
        private final Bytes headers;
        private final Bytes texts;
        private long seq;
        private long millis;
        private int lineCount;
        private long minSeq = Long.MAX_VALUE;
        private long maxSeq = Long.MIN_VALUE;

        Writer(int capacity) {
            headers = new Bytes(capacity / 4 + 16);
            texts = new Bytes(capacity);
        }

        /**
         * Adds lines of {@code block} from line {@code from} on until the chunk is full or the block ends; returns
         * the next line's index. Their texts go in with one copy, newlines and all.
         */
        int lines(LineBlock block, int from) {
            int[] ends = block.ends();
            int textStart = block.start(from);
            headers.zigzag(block.firstSeq() + from - seq);
            headers.zigzag(block.epochMillis() - millis);
            byte stream = (byte) block.stream().code();
            headers.put(stream);
            headers.varint(ends[from] - textStart);
            int i = from + 1;
            for (int room = TARGET_CHUNK_BYTES - size() - (ends[from] + 1 - textStart); i < block.count() && room > 0; i++) {
                int length = ends[i] - ends[i - 1] - 1;
                headers.nextLine(stream, length); // the seq one on, the same time
                room -= length + 5;
            }
            texts.put(block.utf8(), textStart, ends[i - 1] + 1 - textStart);
            seq = block.firstSeq() + i - 1;
            millis = block.epochMillis();
            lineCount += i - from;
            // min and max rather than first and last: a chunk stays findable even if its lines came out of order.
            minSeq = Math.min(minSeq, block.firstSeq() + from);
            maxSeq = Math.max(maxSeq, seq);
            return i;
        }

        int size() {
            return headers.size + texts.size;
        }

        Chunk take(long runId) {
            Bytes start = new Bytes(11);
            start.put(TEXT_BLOCK);
            start.varint(headers.size);
            byte[] bytes = new byte[start.size + headers.size + texts.size];
            System.arraycopy(start.buffer, 0, bytes, 0, start.size);
            System.arraycopy(headers.buffer, 0, bytes, start.size, headers.size);
            System.arraycopy(texts.buffer, 0, bytes, start.size + headers.size, texts.size);
            Chunk chunk = new Chunk(runId, minSeq, maxSeq, lineCount, bytes);
            headers.size = 0;
            texts.size = 0;
            seq = 0;
            millis = 0;
            lineCount = 0;
            minSeq = Long.MAX_VALUE;
            maxSeq = Long.MIN_VALUE;
            return chunk;
        }
    }

    /** A growing byte array. */
    private static final class Bytes {
        private byte[] buffer;
        private int size;

        Bytes(int capacity) {
            buffer = new byte[capacity];
        }

        void put(byte b) {
            ensure(1);
            buffer[size++] = b;
        }

        void put(byte[] bytes, int from, int length) {
            ensure(length);
            System.arraycopy(bytes, from, buffer, size, length);
            size += length;
        }

        /** The header of a line one seq after the last, at the same time: zigzag 1, zigzag 0, stream, length. */
        void nextLine(byte stream, int length) {
            ensure(13);
            buffer[size++] = 2;
            buffer[size++] = 0;
            buffer[size++] = stream;
            varint(length);
        }

        void zigzag(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        void varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }

        private void ensure(int extra) {
            if (size + extra > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Like {@link #varint}, without a call: the quick compiler inlines one level only. */
        long zigzag() {
            byte first = bytes[position++];
            long raw = first >= 0 ? first : varintFrom(first);
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** Small enough for the quick compiler to inline: nearly every varint of a log is one byte. */
        long varint() {
            byte first = bytes[position++];
            return first >= 0 ? first : varintFrom(first);
        }

        private long varintFrom(byte first) {
            long value = first & 0x7F;
            for (int shift = 7; ; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) return value;
            }
        }
    }
}
