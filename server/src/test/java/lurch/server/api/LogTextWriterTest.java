package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import lurch.db.LogLine;
import org.junit.jupiter.api.Test;

class LogTextWriterTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void writesRunLocalTimeWithMillisAndText() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LogTextWriter writer = new LogTextWriter(bytes, PARIS, LogTextWriter.Prefix.RUN_TIME);
        writer.write(List.of(
                new LogLine(5, 1, Instant.parse("2021-10-13T15:37:28.007Z"), LogLine.Stream.STDOUT, "hello world!"),
                new LogLine(12, 2, Instant.parse("2021-10-13T15:37:29.120Z"), LogLine.Stream.STDERR, "tab\there é")));
        writer.flush();
        assertEquals("5\t2021-10-13T17:37:28.007\thello world!\n12\t2021-10-13T17:37:29.120\ttab\there é\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void plainTextHasNoPrefixAndRunPrefixOnlyTheRun() throws IOException {
        List<LogLine> lines = List.of(
                new LogLine(5, 1, Instant.parse("2021-10-13T15:37:28.007Z"), LogLine.Stream.STDOUT, "one"),
                new LogLine(5, 2, Instant.parse("2021-10-13T15:37:28.009Z"), LogLine.Stream.STDOUT, "two"),
                new LogLine(12, 3, Instant.parse("2021-10-13T15:37:29.120Z"), LogLine.Stream.STDERR, "three"));
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        LogTextWriter plainWriter = new LogTextWriter(plain, PARIS, LogTextWriter.Prefix.NONE);
        plainWriter.write(lines);
        plainWriter.flush();
        assertEquals("one\ntwo\nthree\n", plain.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream withRun = new ByteArrayOutputStream();
        LogTextWriter runWriter = new LogTextWriter(withRun, PARIS, LogTextWriter.Prefix.RUN);
        runWriter.write(lines);
        runWriter.flush();
        assertEquals("5\tone\n5\ttwo\n12\tthree\n", withRun.toString(StandardCharsets.UTF_8));
    }

    @Test
    void linesLongerThanTheBufferArriveWhole() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LogTextWriter writer = new LogTextWriter(bytes, PARIS, LogTextWriter.Prefix.RUN_TIME);
        String longText = "x".repeat(200_000);
        writer.write(List.of(new LogLine(1, 1, Instant.EPOCH, LogLine.Stream.STDOUT, longText)));
        writer.flush();
        assertEquals("1\t1970-01-01T01:00:00.000\t" + longText + "\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMillionLinesFormatQuickly() throws IOException {
        List<LogLine> page = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            page.add(new LogLine(3, i, start.plusMillis(i * 7L), LogLine.Stream.STDOUT, "line number " + i + " of the build"));
        }
        CountingStream out = new CountingStream();
        LogTextWriter writer = new LogTextWriter(out, PARIS, LogTextWriter.Prefix.RUN_TIME);
        for (int i = 0; i < 30; i++) {
            writer.write(page); // warm-up, so the JIT has compiled the loop
        }
        // CPU time of this thread, not wall time: other builds on a shared machine must not fail this test
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long began = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < 100; i++) {
            writer.write(page);
        }
        writer.flush();
        long millis = (threads.getCurrentThreadCpuTime() - began) / 1_000_000;
        assertTrue(out.count > 50_000_000, "wrote " + out.count + " bytes");
        // about 0.1 s on a quiet machine, and 1 s on a crowded one (CPU time grows with cache contention too);
        // a per-line formatter or flush takes many times that
        assertTrue(millis < 3000, "1,000,000 lines took " + millis + " ms of CPU");
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
