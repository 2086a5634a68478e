package lurch.server.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One pending timer per run (pause, wait, approve timeout, exec timeout). Timers fire on a scheduler
 * thread and hand their work to virtual threads; they are not persisted here: the deadline is in the
 * run's row, and the engine schedules again after a restart.
 */
final class Timers implements AutoCloseable {
    private final Clock clock;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("lurch-timers").daemon().factory());
    private final Map<Long, ScheduledFuture<?>> byRun = new ConcurrentHashMap<>();

    Timers(Clock clock) {
        this.clock = clock;
    }

    void at(long runId, Instant when, Runnable task) {
        after(runId, Duration.between(clock.instant(), when), task);
    }

    void after(long runId, Duration delay, Runnable task) {
        long nanos = Math.max(0, delay.toNanos());
        ScheduledFuture<?> future;
        try {
            future = scheduler.schedule(() -> {
            byRun.remove(runId);
                Thread.ofVirtual().start(task);
            }, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            // A tree stepped on while the server stops: its deadline is stored and the next server sets it again.
            // Throwing here would fail the whole tree on the way out.
            return;
        }
        ScheduledFuture<?> previous = byRun.put(runId, future);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    void cancel(long runId) {
        ScheduledFuture<?> future = byRun.remove(runId);
        if (future != null) {
            future.cancel(false);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
