package lurch.server.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import lurch.db.Database;
import lurch.interpreter.eval.Step;

/**
 * Steps that met a database outage (PostgreSQL restarting, the connection lost): such a step changed nothing,
 * so it is tried again a second later, and again, until the database answers or {@link #PATIENCE_NANOS} has
 * passed. Failing the tree instead would leave it "running" (its failure cannot be stored either) and lose
 * runs that were fine.
 */
final class StoreOutages {
    private static final Logger LOG = Logger.getLogger(StoreOutages.class.getName());
    private static final long PATIENCE_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final long PAUSE_MILLIS = 1000;

    private final TreeStepper stepper;
    /** Per run that waits for the database: when its first try failed. */
    private final Map<Long, Long> waitingSince = new ConcurrentHashMap<>();

    StoreOutages(TreeStepper stepper) {
        this.stepper = stepper;
    }

    /**
     * When {@code error} is a database outage and the run has not waited too long, steps {@code run} again
     * later and answers true; otherwise false (the caller fails the tree).
     */
    boolean retryLater(LiveRun run, Step step, Throwable error) {
        if (!Database.isOutage(error)) {
            return false;
        }
        long since = waitingSince.computeIfAbsent(run.id, id -> {
            LOG.warning("run #" + id + " waits for the database: " + error.getMessage());
            return System.nanoTime();
        });
        if (System.nanoTime() - since > PATIENCE_NANOS) {
            waitingSince.remove(run.id);
            return false;
        }
        Thread.ofVirtual().name("lurch-retry-" + run.id).start(() -> {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            stepper.whileLive(run.id, run.topId, () -> stepper.advance(run, step));
        });
        return true;
    }

    /** {@code runId} stepped: it waits for nothing any more. */
    void over(long runId) {
        if (!waitingSince.isEmpty()) {
            waitingSince.remove(runId);
        }
    }
}
