package lurch.db;

import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant T10 = T0.plusSeconds(10);
    private static final Instant T40 = T0.plusSeconds(40);

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRegisteredWorkerIsReadyThenBusyWhileItHoldsIsolates(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            WorkerStore workers = db.workers();
            workers.register("w2", T0);
            workers.register("w1", T0);
            assertEquals(List.of(new Worker("w1", WorkerState.READY, 0, T0, T0),
                    new Worker("w2", WorkerState.READY, 0, T0, T0)), workers.list());
            assertTrue(workers.heartbeat("w1", 2, T10));
            assertEquals(new Worker("w1", WorkerState.BUSY, 2, T0, T10), workers.list().getFirst());
            assertTrue(workers.heartbeat("w1", 0, T40));
            assertEquals(new Worker("w1", WorkerState.READY, 0, T0, T40), workers.list().getFirst());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aHeartbeatOfAnUnknownLostOrStoppedWorkerIsRefused(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            WorkerStore workers = db.workers();
            assertFalse(workers.heartbeat("ghost", 0, T0));
            assertEquals(List.of(), workers.list());
            workers.register("w1", T0);
            assertEquals(List.of("w1"), workers.markLost(T10));
            assertFalse(workers.heartbeat("w1", 1, T40));
            assertEquals(new Worker("w1", WorkerState.LOST, 0, T0, T0), workers.list().getFirst());
            workers.register("w2", T0);
            workers.stopped("w2", T10);
            assertFalse(workers.heartbeat("w2", 0, T40));
            assertEquals(new Worker("w2", WorkerState.STOPPED, 0, T0, T10), workers.list().get(1));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aWorkerThatComesBackStartsClean(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            WorkerStore workers = db.workers();
            workers.register("w1", T0);
            workers.heartbeat("w1", 3, T0.plusSeconds(1));
            workers.markLost(T10);
            workers.register("w1", T40);
            assertEquals(List.of(new Worker("w1", WorkerState.READY, 0, T40, T40)), workers.list());
            assertTrue(workers.heartbeat("w1", 1, T40.plusSeconds(1)));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void onlyWorkersSeenBeforeTheLeaseAreLostAndOnlyOnce(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            WorkerStore workers = db.workers();
            workers.register("quiet", T0);
            workers.register("busy", T0);
            workers.heartbeat("busy", 1, T10);
            workers.register("recent", T40);
            workers.register("gone", T0);
            workers.stopped("gone", T0);
            assertEquals(List.of("busy", "quiet"), workers.markLost(T40));
            assertEquals(List.of(), workers.markLost(T40));
            assertEquals(List.of(WorkerState.LOST, WorkerState.STOPPED, WorkerState.LOST, WorkerState.READY),
                    workers.list().stream().map(Worker::state).toList());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void concurrentSweepsNeverAnswerTheSameWorkerTwice(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            List<String> names = IntStream.range(0, 40).mapToObj(i -> "w%02d".formatted(i)).toList();
            for (String name : names) db.workers().register(name, T0);
            int sweepers = 4;
            CyclicBarrier together = new CyclicBarrier(sweepers);
            try (ExecutorService threads = Executors.newFixedThreadPool(sweepers)) {
                List<Future<List<String>>> sweeps = IntStream.range(0, sweepers).mapToObj(i -> threads.submit(() -> {
                    together.await();
                    return db.workers().markLost(T40);
                })).toList();
                List<String> answered = new ArrayList<>();
                for (Future<List<String>> sweep : sweeps) answered.addAll(sweep.get());
                Set<String> distinct = new HashSet<>(answered);
                assertEquals(answered.size(), distinct.size(), "a worker answered by two sweeps: " + answered);
                assertEquals(Set.copyOf(names), distinct);
            }
        });
    }
}
