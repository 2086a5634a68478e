package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import lurch.db.LineBlock;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;
import lurch.isolation.TextLines;
import org.junit.jupiter.api.Test;

/** The log buffer when the store refuses lines: a database restarting, a disk nearly full. */
class LogBufferTest {

    /** A store in memory that refuses every append while {@code down} is set. */
    private static final class FlakyStore implements LogStore {
        final List<LogLine> lines = new ArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger refusals = new AtomicInteger();

        @Override
        public synchronized void append(List<LineBlock> batch) {
            if (down.get()) {
                refusals.incrementAndGet();
                throw new IllegalStateException("connection refused");
            }
            for (LineBlock block : batch) {
                for (int i = 0; i < block.count(); i++) {
                    String text = new String(block.utf8(), block.start(i), block.ends()[i] - block.start(i), StandardCharsets.UTF_8);
                    lines.add(new LogLine(block.runId(), block.firstSeq() + i, Instant.ofEpochMilli(block.epochMillis()),
                            block.stream(), text));
                }
            }
        }

        @Override
        public synchronized List<LogLine> read(long runId, long afterSeq, int limit) {
            return List.copyOf(lines);
        }

        @Override
        public long lastSeq(long topRunId) {
            return 0;
        }

        @Override
        public synchronized long count() {
            return lines.size();
        }

        synchronized List<String> texts() {
            return lines.stream().map(LogLine::text).toList();
        }
    }

    @Test
    void linesRefusedForAWhileAreStoredOnceWhenTheStoreTakesThemAgainWithoutFurtherOutput() throws Exception {
        FlakyStore store = new FlakyStore();
        store.down.set(true);
        LogBuffer buffer = new LogBuffer(store, (top, seq) -> {}, StorageHealth.FINE, Duration.ofSeconds(60));
        buffer.newTree(1);
        OutputSink sink = buffer.sinkFor(1, 1, List.of());
        sink.lines(Stream.STDOUT, System.currentTimeMillis(), TextLines.of(List.of("one", "two")));
        sink.line(Stream.STDOUT, System.currentTimeMillis(), "three");
        while (store.refusals.get() < 2) {
            Thread.sleep(50);
        }
        store.down.set(false); // the database is back; nobody prints anything any more
        // Before: the refused batch waited for some other output to arrive before it was tried again.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> buffer.flush(1));
        assertEquals(List.of("one", "two", "three"), store.texts());
        assertTrue(buffer.takeLost(1).isEmpty());
        buffer.close(Duration.ofSeconds(5));
    }

    @Test
    void outputRefusedPastThePatienceIsCountedAgainstItsRunAndLurchsOwnLinesAreStillStored() throws Exception {
        FlakyStore store = new FlakyStore();
        StorageHealth diskFull = () -> Optional.of("only 1 MiB free under /lurch");
        LogBuffer buffer = new LogBuffer(store, (top, seq) -> {}, diskFull, Duration.ofMillis(1500));
        buffer.newTree(7);
        OutputSink sink = buffer.sinkFor(8, 7, List.of());
        sink.lines(Stream.STDOUT, System.currentTimeMillis(), TextLines.of(List.of("a", "b", "c")));
        buffer.info(8, 7, "Lurch's own line");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> buffer.flush(7)); // returns: no hang
        sink.lines(Stream.STDERR, System.currentTimeMillis(), TextLines.of(List.of("d", "e"))); // counted, not queued
        LogBuffer.Lost lost = buffer.takeLost(8).orElseThrow();
        assertEquals(5, lost.lines());
        assertEquals("Lurch could not store this run's output (only 1 MiB free under /lurch): 5 lines were lost,"
                + " so the run fails.", lost.sentence());
        assertEquals(List.of("Lurch's own line"), store.texts());
        buffer.close(Duration.ofSeconds(5));
    }

    @Test
    void closingWhileTheStoreRefusesEverythingEndsWithinItsPatience() throws Exception {
        FlakyStore store = new FlakyStore();
        store.down.set(true);
        LogBuffer buffer = new LogBuffer(store, (top, seq) -> {}, StorageHealth.FINE, Duration.ofSeconds(60));
        buffer.newTree(1);
        buffer.info(1, 1, "never stored");
        // Before: the server's shutdown hook waited here for ever, and SIGTERM never ended the server.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> buffer.close(Duration.ofSeconds(2)));
        assertEquals(0, store.count());
    }
}
