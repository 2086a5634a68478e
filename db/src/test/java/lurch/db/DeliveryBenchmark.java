package lurch.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import lurch.db.testing.TestDatabase;
import lurch.db.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries accepted per second by 32 threads at once (as bench/run's W6 sends them, without HTTP), on
 * each database, three rounds (the first is warm-up). Prints the figures; asserts nothing. Run it on two builds
 * alternately to compare them: {@code ./mvnw -pl db verify -Dtest=DeliveryBenchmark}.
 */
class DeliveryBenchmark {
    private static final int THREADS = 32;
    private static final int DELIVERIES = 12_000;

    @Test
    void deliveriesPerSecond() throws Throwable {
        for (TestDatabase kind : TestDatabases.kinds().toList()) {
            kind.with(db -> {
                for (int round = 1; round <= 3; round++) {
                    System.out.printf("deliveries %s round %d: %6.0f /s%n", kind, round, accept(db, "r" + round));
                }
            });
        }
    }

    private static double accept(Database db, String prefix) throws Exception {
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    for (long i; (i = next.getAndIncrement()) < DELIVERIES; ) {
                        db.deliveries().accept(new Delivery(0, "github", prefix + "-" + i, "push", "octo/app",
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
}
