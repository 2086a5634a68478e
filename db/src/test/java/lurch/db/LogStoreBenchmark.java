package lurch.db;

import lurch.db.testing.LineBlocks;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static lurch.db.Runs.child;
import static lurch.db.Runs.program;
import static lurch.db.Runs.top;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Appends a million lines in engine-sized batches (3 runs of one tree, interleaved) and reads them back in
 * pages, printing lines per second; several rounds, as the first ones include JIT warm-up. Batches are made just before
 * their append, as the engine does, and only the store's calls are timed.
 * Run with {@code ./mvnw -pl db verify -Dtest=LogStoreBenchmark}.
 */
class LogStoreBenchmark {

    private static final int LINES = 1_000_000;
    private static final int BATCH = 4_000;
    private static final int PAGE = 10_000;
    private static final int ROUNDS = 6;
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void millionLines(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            for (int round = 1; round <= ROUNDS; round++) {
                Run root = top(db, program(db, "round" + round));
                List<Run> tree = List.of(root, child(db, root, "0"), child(db, root, "1"));
                Stopwatch append = new Stopwatch();
                for (int seq = 1; seq <= LINES; seq += BATCH) {
                    List<LogLine> batch = batch(tree, seq);
                    append.start();
                    db.logs().append(LineBlocks.of(batch));
                    append.stop();
                }
                append.report(kind + " append round " + round);
                Stopwatch read = new Stopwatch();
                long lines = 0;
                long after = 0;
                read.start();
                for (List<LogLine> page; !(page = db.logs().read(root.id(), after, PAGE)).isEmpty(); ) {
                    lines += page.size();
                    after = page.getLast().seq();
                }
                read.stop();
                read.report(kind + " read round " + round);
                assertEquals(LINES, lines);
            }
        });
    }

    private static List<LogLine> batch(List<Run> tree, int firstSeq) {
        List<LogLine> batch = new ArrayList<>(BATCH);
        for (int s = firstSeq; s < firstSeq + BATCH; s++) {
            batch.add(new LogLine(tree.get(s % tree.size()).id(), s, T0.plusMillis(s / 50),
                    s % 10 == 0 ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT,
                    "[" + s + "] compiling module " + (s % 97) + " of the project: ok"));
        }
        return batch;
    }

    /**
     * Wall time, and the CPU time of the whole process (H2's and the GC's threads too): on a shared machine the
     * CPU time shows the work done when the wall time is inflated by waiting for a core.
     */
    private static final class Stopwatch {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private long wall;
        private long cpu;

        void start() {
            wall -= System.nanoTime();
            cpu -= OS.getProcessCpuTime();
        }

        void stop() {
            wall += System.nanoTime();
            cpu += OS.getProcessCpuTime();
        }

        void report(String what) {
            System.out.printf("%-26s %,d lines in %.3f s = %,.0f lines/s (process CPU %.3f s)%n", what, LINES,
                    wall / 1e9, LINES / (wall / 1e9), cpu / 1e9);
        }
    }
}
