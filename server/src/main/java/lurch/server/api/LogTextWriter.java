package lurch.server.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import lurch.db.LogLine;
import lurch.db.StoredLines;
import lurch.db.StoredText;

/**
 * Writes log lines as {@code TEXT\n}, {@code RUN\tTEXT\n} or {@code RUN\tTIME\tTEXT\n} (TIME in local ISO-8601
 * with milliseconds) into a buffer flushed to the response. Built for a million lines in a fraction of a second:
 * lines come in runs of the same run and millisecond (all lines of one pipe read share their time), so the bytes
 * of the prefix are made once per run of lines and copied, like the text.
 */
final class LogTextWriter {

    /** What comes before each line's text. */
    enum Prefix {
        NONE, RUN, RUN_TIME
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final int BUFFER = 256 * 1024;

    private static final byte[] NO_PREFIX = new byte[0];

    private final OutputStream out;
    private final ZoneId zone;
    private final Prefix prefix;
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private long cachedRun = Long.MIN_VALUE;
    private long cachedMillis = Long.MIN_VALUE;
    private byte[] cachedPrefix; // the prefix of cachedRun at cachedMillis

    LogTextWriter(OutputStream out, ZoneId zone, Prefix prefix) {
        this.out = out;
        this.zone = zone;
        this.prefix = prefix;
    }

    void write(List<LogLine> lines) throws IOException {
        write(StoredLines.of(lines));
    }

    /** Writes the lines' stored UTF-8 text as it is: no String is made per line. */
    void write(StoredLines lines) throws IOException {
        if (prefix == Prefix.NONE) {
            writeAsStored(lines);
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            byte[] prefix = prefix(lines.runId(i), lines.millis(i));
            writeBytes(prefix, 0, prefix.length);
            writeBytes(lines.bytes(i), lines.offset(i), lines.length(i));
            writeByte('\n');
        }
    }

    /** Writes text as stored, newlines and all (for a log without a prefix). */
    void write(StoredText text) throws IOException {
        for (StoredText.Piece piece : text.pieces()) {
            writeBytes(piece.bytes(), piece.offset(), piece.length());
        }
    }

    /** Without a prefix, lines stored one after another with their newlines go out in one copy. */
    private void writeAsStored(StoredLines lines) throws IOException {
        for (int line = 0; line < lines.size(); ) {
            int end = lines.storedTextEnd(line);
            int from = lines.offset(line);
            writeBytes(lines.bytes(line), from, lines.offset(end - 1) + lines.length(end - 1) - from);
            writeByte('\n');
            line = end;
        }
    }

    void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    /** The prefix as bytes, made again only when the run (or, with the time, the millisecond) changes. */
    private byte[] prefix(long runId, long epochMillis) {
        if (prefix == Prefix.NONE) {
            return NO_PREFIX;
        }
        long millis = prefix == Prefix.RUN_TIME ? epochMillis : 0;
        if (runId != cachedRun || millis != cachedMillis) {
            cachedRun = runId;
            cachedMillis = millis;
            cachedPrefix = (prefix == Prefix.RUN_TIME
                    ? runId + "\t" + TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), zone)) + "\t"
                    : runId + "\t").getBytes(StandardCharsets.US_ASCII);
        }
        return cachedPrefix;
    }

    private void writeByte(int b) throws IOException {
        if (used == buffer.length) {
            drain();
        }
        buffer[used++] = (byte) b;
    }

    private void writeBytes(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - used) {
            drain();
            if (length > buffer.length) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, used, length);
        used += length;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }
}
