package lurch.server.health;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import lurch.db.Database;
import lurch.server.engine.StorageHealth;

/**
 * Whether this server can be trusted with a change now, and if not, why: the database failed for good (an H2
 * store that panicked), does not answer (PostgreSQL restarting), the disk under LURCH_HOME has less than
 * LURCH_MIN_FREE_BYTES free, or the server is stopping. {@code /health} reports it (503 with the reason), and
 * while there is a reason Lurch answers no change with 2xx ({@link lurch.server.api.ChangeGate}) and stores no process output
 * (the margin keeps the runs' own state changes possible). Checked once a second, and at each {@code /health}.
 */
public final class ServerHealth implements StorageHealth, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServerHealth.class.getName());
    private static final long PING_PATIENCE_MILLIS = 2000;
    private static final long CHECK_EVERY_MILLIS = 1000;

    /** One look at the server: the database, the disk, and the first reason not to take changes, if any. */
    public record Report(boolean databaseUp, long diskFreeBytes, Optional<String> problem) {}

    private final BooleanSupplier ping;
    private final Supplier<Optional<String>> failure;
    private final Path home;
    private final long minFreeBytes;
    /** The file system of {@code home}, found once: finding it reads the whole mount table. */
    private volatile FileStore homeStore;
    private volatile boolean stopping;
    private volatile Report last;
    private volatile Thread monitor;

    /**
     * {@code ping} answers whether the database answers; {@code failure} why it failed for good, if it did;
     * {@code home} is LURCH_HOME, whose file system must keep {@code minFreeBytes} free.
     */
    public ServerHealth(BooleanSupplier ping, Supplier<Optional<String>> failure, Path home, long minFreeBytes) {
        this.ping = ping;
        this.failure = failure;
        this.home = home;
        this.minFreeBytes = minFreeBytes;
        this.last = check();
    }

    /** The health of a server on {@code db}, checked once a second from now on. */
    public static ServerHealth watching(Database db, Path home, long minFreeBytes) {
        ServerHealth health = new ServerHealth(db::ping, db::failure, home, minFreeBytes);
        health.monitor = Thread.ofPlatform().name("lurch-health").daemon().start(health::watch);
        return health;
    }

    /** Looks again now (the database is given 2 s to answer) and returns what it saw. */
    public Report check() {
        Optional<String> failed = failure.get();
        boolean databaseUp = failed.isEmpty() && answersInTime();
        long free = freeBytes();
        Optional<String> storage = failed.map(f -> f + "; restart Lurch once its cause is fixed")
                .or(() -> diskProblem(free));
        Optional<String> problem = stopping ? Optional.of("the server is stopping")
                : storage.or(() -> databaseUp ? Optional.empty() : Optional.of("the database does not answer"));
        Report report = new Report(databaseUp, free, problem);
        if (!report.problem().equals(last == null ? Optional.empty() : last.problem())) {
            LOG.warning(report.problem().map(p -> "not taking changes: " + p).orElse("taking changes again"));
        }
        last = report;
        return report;
    }

    /** Why Lurch takes no change now (webhooks, starts, approvals, any API or form write), or empty. */
    public Optional<String> refusal() {
        if (stopping) {
            return Optional.of("the server is stopping");
        }
        return failure.get().or(() -> last.problem());
    }

    /** Looks at the disk each time: a flood of output must not get a second's head start on the check. */
    @Override
    public Optional<String> outputRefusal() {
        return failure.get().or(() -> diskProblem(freeBytes()));
    }

    private Optional<String> diskProblem(long free) {
        return free >= 0 && free < minFreeBytes ? Optional.of("only " + size(free) + " free under " + home
                + ", less than LURCH_MIN_FREE_BYTES (" + size(minFreeBytes) + ")") : Optional.empty();
    }

    /** From now on every change is refused: the server is on its way down. */
    public void stopping() {
        stopping = true;
        check();
    }

    private boolean answersInTime() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("lurch-health-ping").start(() -> {
            try {
                answer.complete(ping.getAsBoolean());
            } catch (RuntimeException e) {
                answer.complete(false);
            }
        });
        try {
            return answer.get(PING_PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the file system each time (one statvfs): the output of every batch of lines is let in by it. */
    private long freeBytes() {
        try {
            FileStore store = homeStore;
            if (store == null) {
                homeStore = store = Files.getFileStore(home);
            }
            return store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private void watch() {
        while (monitor != null) {
            try {
                Thread.sleep(CHECK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            check();
        }
    }

    /** Bytes as people read them: 1.5 GiB, 12 MiB, 512 bytes. */
    static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 && value != Math.floor(value) ? String.format(Locale.ROOT, "%.1f", value)
                : String.valueOf(Math.round(value))) + " " + units[unit];
    }

    @Override
    public void close() {
        Thread running = monitor;
        monitor = null;
        if (running != null) {
            running.interrupt();
        }
    }
}
