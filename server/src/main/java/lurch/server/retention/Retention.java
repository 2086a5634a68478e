package lurch.server.retention;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.RetentionStore;
import lurch.db.RetentionStore.Expired;
import lurch.isolation.linux.SafeDelete;
import lurch.server.artifacts.ArtifactPaths;

/**
 * Expires old data: top runs past the newest LURCH_KEEP_RUNS of their program or older than LURCH_KEEP_DAYS, with
 * their sub-runs, logs, data, prompts, deliveries and artifacts (never a running or waiting run, never a program's
 * newest successful run), then garbage-collects the git mirrors. Hourly, and at once on {@code lurch gc}; one
 * collection at a time (the hourly one skips its turn while another runs, {@code gc} waits for it).
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Retention.class.getName());
    /** Top runs looked up at a time, and rows deleted per transaction. */
    private static final int RUNS_PER_QUERY = 100;
    private static final int ROWS_PER_TRANSACTION = 500;

    /** LURCH_KEEP_RUNS and LURCH_KEEP_DAYS. */
    public record Settings(int keepRuns, int keepDays) {
        public static final int DEFAULT_RUNS = 500;
        public static final int DEFAULT_DAYS = 90;

        public Settings {
            if (keepRuns < 1) {
                throw new IllegalArgumentException("LURCH_KEEP_RUNS must be at least 1, not " + keepRuns);
            }
            if (keepDays < 1) {
                throw new IllegalArgumentException("LURCH_KEEP_DAYS must be at least 1, not " + keepDays);
            }
        }
    }

    private final RetentionStore store;
    private final ArtifactPaths paths;
    private final Clock clock;
    private final Settings settings;
    private final Supplier<List<String>> mirrors;
    private final ReentrantLock running = new ReentrantLock();
    private final ScheduledExecutorService hourly = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lurch-retention").factory());

    /** @param mirrors garbage-collects the git mirrors and answers a line for each */
    public Retention(RetentionStore store, ArtifactPaths paths, Clock clock, Settings settings,
                     Supplier<List<String>> mirrors) {
        this.store = store;
        this.paths = paths;
        this.clock = clock;
        this.settings = settings;
        this.mirrors = mirrors;
    }

    /** Collects every hour from {@code firstDelay} on. */
    public void startHourly(Duration firstDelay) {
        hourly.scheduleWithFixedDelay(() -> {
            if (running.tryLock()) {
                try {
                    List<String> lines = collectLocked();
                    LOG.info(() -> "retention: " + lines.getLast());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "retention failed; trying again in an hour", e);
                } finally {
                    running.unlock();
                }
            }
        }, firstDelay.toSeconds(), TimeUnit.HOURS.toSeconds(1), TimeUnit.SECONDS);
    }

    /** Collects now (after a collection under way has ended); one line per thing removed, then a summary. */
    public List<String> collect() {
        running.lock();
        try {
            return collectLocked();
        } finally {
            running.unlock();
        }
    }

    private List<String> collectLocked() {
        List<String> lines = new ArrayList<>();
        Set<Long> tried = new HashSet<>();
        int removed = 0;
        while (true) {
            List<Expired> batch = store.expired(settings.keepRuns(),
                    clock.instant().minus(settings.keepDays(), ChronoUnit.DAYS), RUNS_PER_QUERY).stream()
                    .filter(run -> tried.add(run.id())).toList();
            if (batch.isEmpty()) {
                break;
            }
            for (Expired run : batch) {
                if (store.deleteTree(run.id(), ROWS_PER_TRANSACTION)) {
                    deleteArtifacts(run.id());
                    removed++;
                    lines.add("Removed run #" + run.id() + " of " + run.program() + " (" + run.status().dbName()
                            + ", created " + LocalDateTime.ofInstant(run.created(), clock.getZone()).truncatedTo(ChronoUnit.SECONDS) + ").");
                }
            }
        }
        lines.addAll(mirrors.get());
        lines.add("Removed " + removed + " run" + (removed == 1 ? "" : "s") + " (keeping the newest " + settings.keepRuns()
                + " of each program and " + settings.keepDays() + " days).");
        return lines;
    }

    private void deleteArtifacts(long topId) {
        try {
            SafeDelete.deleteTree(paths.kept(topId));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete the artifacts of run #" + topId, e);
        }
    }

    @Override
    public void close() {
        hourly.shutdownNow();
    }
}
