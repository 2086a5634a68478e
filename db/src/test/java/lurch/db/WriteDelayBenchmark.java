package lurch.db;

import static lurch.db.Runs.program;
import static lurch.db.Runs.top;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import lurch.db.testing.LineBlocks;
import org.junit.jupiter.api.Test;

/**
 * What H2's WRITE_DELAY=0 costs: webhook deliveries accepted by 8 threads at once (as W6 sends them) and a
 * flood of 500,000 log lines in engine-sized batches, on H2 with its default write delay and with none,
 * alternating so that a busy machine weighs on both alike. Prints the figures; asserts nothing.
 * Run with {@code ./mvnw -pl db verify -Dtest=WriteDelayBenchmark}.
 */
class WriteDelayBenchmark {
    private static final int DELIVERIES = 8_000;
    private static final int LINES = 500_000;
    private static final int BATCH = 4_000;

    @Test
    void withAndWithoutWriteDelay() throws Exception {
        for (int round = 1; round <= 3; round++) {
            for (boolean delayed : new boolean[] {true, false}) {
                Path dir = Files.createTempDirectory("lurch-write-delay-");
                String url = Database.h2Url(dir);
                try (Database db = Database.open(delayed ? url.replace(";WRITE_DELAY=0", "") : url, "", "")) {
                    System.out.printf("round %d %-22s deliveries %6.0f /s   log lines %8.0f /s%n", round,
                            delayed ? "H2 default delay:" : "WRITE_DELAY=0:", deliveries(db), lines(db));
                }
                new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
            }
        }
    }

    private static double deliveries(Database db) throws Exception {
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (long i; (i = next.getAndIncrement()) < DELIVERIES; ) {
                        db.deliveries().accept(new Delivery(0, "github", "key-" + i, "push", "octo/app",
                                "refs/heads/main", "main", "a".repeat(40), "Ada", null, "fix it",
                                DeliveryOutcome.QUEUED, null, null, null, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return DELIVERIES / ((System.nanoTime() - start) / 1e9);
    }

    private static double lines(Database db) {
        Run run = top(db, program(db, "flood"));
        Instant t0 = Instant.now();
        long start = System.nanoTime();
        for (int seq = 1; seq <= LINES; seq += BATCH) {
            List<LogLine> batch = new ArrayList<>(BATCH);
            for (int s = seq; s < seq + BATCH; s++) {
                batch.add(new LogLine(run.id(), s, t0, LogLine.Stream.STDOUT, "[" + s + "] compiling module " + (s % 97)));
            }
            db.logs().append(LineBlocks.of(batch));
        }
        return LINES / ((System.nanoTime() - start) / 1e9);
    }
}
