package lurch.db.jdbi;

import lurch.db.LogLine;
import lurch.db.StoredLines;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The byte format of a log chunk: the lines of one run, each as zigzag varints of the seq and time deltas
 * from the previous line (the first from 0), the stream code as one byte, then the varint length and
 * UTF-8 bytes of the text. Deltas keep a typical line's overhead at about 5 bytes.
 */
final class LogChunkCodec {

    /** A chunk ends once it reaches this size; a single longer line makes a chunk of its own. */
    static final int TARGET_CHUNK_BYTES = 256 * 1024;

    /** The encoded lines of one run, with what reads need to skip chunks unread. */
    record Chunk(long runId, long firstSeq, long lastSeq, int lineCount, byte[] bytes) {}

    private LogChunkCodec() {}

    /** Encodes the lines of one run, in their order, into chunks of about {@link #TARGET_CHUNK_BYTES}. */
    static List<Chunk> encode(long runId, List<LogLine> lines) {
        List<Chunk> chunks = new ArrayList<>();
        Writer out = new Writer(estimatedSize(lines));
        int count = 0;
        long minSeq = Long.MAX_VALUE;
        long maxSeq = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            LogLine line = lines.get(i);
            out.line(line);
            count++;
            // min and max rather than first and last: a chunk stays findable even if its lines came out of order.
            minSeq = Math.min(minSeq, line.seq());
            maxSeq = Math.max(maxSeq, line.seq());
            if (out.size >= TARGET_CHUNK_BYTES || i == lines.size() - 1) {
                chunks.add(new Chunk(runId, minSeq, maxSeq, count, out.take()));
                count = 0;
                minSeq = Long.MAX_VALUE;
                maxSeq = Long.MIN_VALUE;
            }
        }
        return chunks;
    }

    /** Room for the lines if they are ASCII, up to a chunk: growing the buffer as it fills costs copies. */
    private static int estimatedSize(List<LogLine> lines) {
        long size = 0;
        for (int i = 0; i < lines.size() && size < TARGET_CHUNK_BYTES; i++) size += lines.get(i).text().length() + 8;
        return (int) Math.min(size + 64, TARGET_CHUNK_BYTES + 64 * 1024);
    }

    /** Adds each line of a chunk, in order, that has a seq above {@code afterSeq}; the text stays in {@code bytes}. */
    static void decode(long runId, byte[] bytes, long afterSeq, StoredLines sink) {
        Reader in = new Reader(bytes);
        int chunk = sink.addChunk(runId, bytes);
        long seq = 0;
        long millis = 0;
        while (in.position < bytes.length) {
            seq += in.zigzag();
            millis += in.zigzag();
            char stream = (char) bytes[in.position++];
            int length = (int) in.varint();
            if (seq > afterSeq) {
                sink.add(chunk, seq, millis, stream, in.position, length);
            }
            in.position += length;
        }
    }

    private static final class Writer {
        private byte[] buffer;
        private int size;
        private long seq;
        private long millis;

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        void line(LogLine line) {
            byte[] text = line.text().getBytes(StandardCharsets.UTF_8);
            ensure(text.length + 31);
            zigzag(line.seq() - seq);
            zigzag(line.time().toEpochMilli() - millis);
            seq = line.seq();
            millis = line.time().toEpochMilli();
            buffer[size++] = (byte) line.stream().code();
            varint(text.length);
            System.arraycopy(text, 0, buffer, size, text.length);
            size += text.length;
        }

        byte[] take() {
            byte[] bytes = Arrays.copyOf(buffer, size);
            size = 0;
            seq = 0;
            millis = 0;
            return bytes;
        }

        private void ensure(int extra) {
            if (size + extra > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }

        private void zigzag(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        private void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                buffer[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[size++] = (byte) value;
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long zigzag() {
            long raw = varint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) return value;
            }
        }
    }
}
