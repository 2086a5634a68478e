package lurch.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The worker queue on PostgreSQL, the only database workers run on. */
class WorkQueueTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void workersClaimingAtOnceNeverTakeTheSameIsolate() throws Throwable {
        TestDatabase.POSTGRESQL.with(db -> {
            WorkQueue queue = db.workQueue();
            for (long id = 1; id <= 40; id++) {
                queue.queueIsolate(id, 1000 + id, 1, "chroot", "busybox", T0);
            }
            List<Future<List<Long>>> claims = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (int w = 0; w < 4; w++) {
                    String worker = "w" + w;
                    claims.add(pool.submit(() -> {
                        List<Long> mine = new ArrayList<>();
                        for (Optional<WorkQueue.Claim> c; (c = queue.claimIsolate(worker)).isPresent(); ) {
                            mine.add(c.get().isolateId());
                        }
                        return mine;
                    }));
                }
            }
            Set<Long> taken = new HashSet<>();
            int total = 0;
            for (Future<List<Long>> claim : claims) {
                taken.addAll(claim.get());
                total += claim.get().size();
            }
            assertEquals(40, total, "each isolate claimed once");
            assertEquals(40, taken.size());
        });
    }

    @Test
    void aLostWorkersRunningOrderEndsAndItsUnusedIsolateGoesBackToTheQueue() throws Throwable {
        TestDatabase.POSTGRESQL.with(db -> {
            WorkQueue queue = db.workQueue();
            queue.queueIsolate(1, 2, 1, "chroot", "busybox", T0);
            queue.queueIsolate(10, 11, 1, "chroot", "busybox", T0);
            queue.claimIsolate("w1");
            queue.claimIsolate("w1");
            assertTrue(queue.built(1, "w1", true));
            assertTrue(queue.built(10, "w1", true));
            queue.queueOrder(3, 1, 1, "{\"secret\":\"s\"}");
            assertEquals(3, queue.takeOrder("w1").orElseThrow().runId());

            assertEquals(List.of(10L), queue.release("w1", -133, "lost"));
            assertEquals(new WorkQueue.End(-133, Usage.NONE, "lost"), queue.ended(List.of(3L)).get(3L));
            assertNull(queue.order(3).orElseThrow().spec(), "the spec with its secrets is gone");
            assertEquals("lost", queue.claim(1).orElseThrow().state());
            assertEquals("queued", queue.claim(10).orElseThrow().state());
            assertEquals(10, queue.claimIsolate("w2").orElseThrow().isolateId());
            assertTrue(!queue.built(10, "w1", true), "the lost worker no longer holds it");
        });
    }
}
