package lurch.server.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.function.Function;
import lurch.db.Database;
import lurch.db.WorkQueue;
import lurch.db.WorkerStore;
import lurch.interpreter.eval.Outcome;
import lurch.isolation.Stream;
import lurch.server.artifacts.ArtifactPaths;
import lurch.server.engine.ExecOrder;
import lurch.server.engine.ExecOutcome;
import lurch.server.engine.ExecutorContext;
import lurch.server.engine.Executor;
import lurch.server.engine.IsolateOrder;

/**
 * The server's side of workers: isolates and execs become rows of the {@link WorkQueue} that {@code lurch worker}
 * processes claim, and their ends come back as rows too. A thread LISTENs on {@link WorkQueue#TO_SERVER} (and polls
 * every {@link #POLL} in case a notification was missed) and then, in this order: notes which orders are done, moves
 * the lines workers wrote into the server's log (the server numbers every line of a tree, so a worker's lines never
 * collide with the server's own), and completes the futures of the done orders (their lines are in by then).
 * Another thread sweeps workers whose heartbeat is older than the lease: their running execs end with
 * {@link Outcome#WORKER_LOST}, their isolates in which nothing ran yet go to another worker.
 * <p>
 * Nothing runs in the server itself: a kill of the server leaves the execs on workers running, and the next server
 * {@link #reattach}es to them.
 */
public final class WorkerExecutor implements Executor, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkerExecutor.class.getName());
    static final Duration POLL = Duration.ofSeconds(1);
    private static final int LINES_PER_READ = 5_000;
    /** Exit code of a process killed on request, as a local kill reports it. */
    static final int KILLED = -9;
    /** How long a tear-down waits for the worker to send the tree's artifacts. */
    private static final Duration TEARDOWN_PATIENCE = Duration.ofSeconds(10);

    private final WorkQueue queue;
    private final WorkerStore workers;
    private final PgListener listener;
    private final ExecutorContext ctx;
    private final Duration lease;
    private final Clock clock;
    private final Map<Long, CompletableFuture<Boolean>> builds = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ExecOutcome>> execs = new ConcurrentHashMap<>();
    private final Thread hearing;
    private final Thread sweeping;
    private volatile boolean closed;

    /**
     * The executor of an engine ({@code ctx} is what the engine gives it) on workers; connects to the PostgreSQL
     * database at {@code url} for LISTEN and starts hearing and sweeping.
     */
    public WorkerExecutor(ExecutorContext ctx, WorkQueue queue, WorkerStore workers, String url, String user,
                          String password, Duration lease, Clock clock) {
        this.queue = queue;
        this.workers = workers;
        this.listener = new PgListener(url, user, password, WorkQueue.TO_SERVER);
        this.ctx = ctx;
        this.lease = lease;
        this.clock = clock;
        this.hearing = Thread.ofPlatform().name("lurch-worker-ends").daemon().start(this::hear);
        this.sweeping = Thread.ofPlatform().name("lurch-worker-leases").daemon().start(this::sweep);
    }

    /** For {@code LURCH_LOCAL_ISOLATES=off}, before the database at {@code url} is opened: workers need PostgreSQL. */
    public static void checkDatabase(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("LURCH_LOCAL_ISOLATES=off sends isolates to workers, which need a "
                    + "PostgreSQL database (LURCH_DB_URL=jdbc:postgresql://...)");
        }
    }

    /** For {@code LURCH_LOCAL_ISOLATES=off}: the executor on workers of the engine of {@code db}, opened from {@code url}. */
    public static Function<ExecutorContext, Executor> on(Database db, String url, String user, String password,
                                                         Duration lease) {
        return ctx -> new WorkerExecutor(ctx, db.workQueue(), db.workers(), url, user, password, lease,
                Clock.systemUTC());
    }

    @Override
    public CompletableFuture<Boolean> build(IsolateOrder order) {
        BuilderColumns builder = BuilderColumns.of(order.builder());
        queue.queueIsolate(order.isolateId(), order.builderRunId(), order.topId(), builder.kind(), builder.arg(),
                clock.instant());
        // after the row: a build without one has failed (see takeEnds)
        return builds.computeIfAbsent(order.isolateId(), id -> new CompletableFuture<>());
    }

    @Override
    public CompletableFuture<ExecOutcome> exec(ExecOrder order) {
        long isolateId = order.isolate().isolateId();
        Optional<WorkQueue.Claim> claim = queue.claim(isolateId);
        if (claim.map(c -> c.state().equals("lost")).orElse(false)) {
            return CompletableFuture.completedFuture(ExecOutcome.failed(Outcome.WORKER_LOST,
                    "The worker that held this isolate (" + claim.get().worker() + ") was lost."));
        }
        if (claim.isEmpty()) {
            build(order.isolate()); // its builder's end is heard, but nobody waits for it
        }
        CompletableFuture<ExecOutcome> ended = execs.computeIfAbsent(order.runId(), id -> new CompletableFuture<>());
        queue.queueOrder(order.runId(), isolateId, order.topId(), OrderSpec.of(order).json());
        return ended;
    }

    @Override
    public Optional<CompletableFuture<ExecOutcome>> reattach(long runId) {
        return queue.order(runId).map(order -> execs.computeIfAbsent(runId, id -> new CompletableFuture<>()));
    }

    @Override
    public void stop(long runId) {
        queue.cancel(runId, KILLED);
    }

    /**
     * Asks the isolate's worker to tear it down and, when it held one, waits for it (at most {@link #TEARDOWN_PATIENCE})
     * to send the files left in /artifacts, which go into the tree's staging directory here: the tree's end keeps them.
     */
    @Override
    public void tearDown(long isolateId) {
        Optional<WorkQueue.Claim> claim = queue.claim(isolateId);
        queue.tearDown(isolateId);
        CompletableFuture<Boolean> building = builds.remove(isolateId);
        if (building != null) {
            building.complete(false);
        }
        if (claim.isPresent() && claim.get().state().equals("held")) {
            long deadline = System.nanoTime() + TEARDOWN_PATIENCE.toNanos();
            while (queue.claim(isolateId).isPresent() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            bringArtifacts(claim.get().topId());
        }
    }

    private void bringArtifacts(long topId) {
        try {
            List<String> paths = queue.artifactPaths(topId);
            if (paths.isEmpty()) {
                return;
            }
            Path staging = ctx.artifactsStaging(topId);
            for (String path : paths) {
                Path target = staging.resolve(path).normalize();
                if (!target.startsWith(staging) || ArtifactPaths.problem(path).isPresent()) {
                    continue; // the keeper would refuse it anyway
                }
                Files.createDirectories(target.getParent());
                Files.write(target, queue.artifact(topId, path));
            }
            queue.deleteArtifacts(topId);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not bring the artifacts of run #" + topId + " from its worker", e);
        }
    }

    @Override
    public void treeEnded(long topId) {
        queue.treeEnded(topId);
    }

    /**
     * Nothing runs here: execs on workers outlive the server, and the next one reattaches to them. A stopping server
     * stops hearing of ends.
     */
    @Override
    public void stopAll(Duration patience) {
        close();
    }

    private void hear() {
        while (!closed) {
            try {
                listener.await(POLL);
                takeEnds();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not read what workers did; trying again", e);
                pause();
            }
        }
    }

    /** What workers did since the last time: builds that ended, lines, then execs that ended. */
    void takeEnds() {
        Map<Long, WorkQueue.End> ended = queue.ended(execs.keySet());
        for (Long isolateId : List.copyOf(builds.keySet())) {
            Optional<WorkQueue.Claim> claim = queue.claim(isolateId);
            Boolean built = claim.isEmpty() ? Boolean.FALSE : claim.get().built(); // null: not built yet
            if (built != null) {
                Optional.ofNullable(builds.remove(isolateId)).ifPresent(f -> f.complete(built));
            }
        }
        Set<Long> trees = moveLines();
        trees.forEach(ctx::flush);
        ended.forEach((runId, end) -> {
            queue.forget(runId);
            CompletableFuture<ExecOutcome> future = execs.remove(runId);
            if (future != null) {
                future.complete(new ExecOutcome(end.exitCode(), end.usage(), end.note()));
            }
        });
    }

    /** Moves the lines workers wrote into the server's log; answers the trees they belong to. */
    private Set<Long> moveLines() {
        Set<Long> trees = new HashSet<>();
        List<WorkQueue.Line> lines;
        do {
            lines = queue.lines(LINES_PER_READ);
            for (WorkQueue.Line line : lines) {
                ctx.sinkFor(line.runId(), line.topId(), List.of()).line(streamOf(line.stream()), line.at().toEpochMilli(),
                        line.text()); // masked on the worker
                trees.add(line.topId());
            }
            // stored before they are deleted: a crash in between shows a line twice rather than never
            trees.forEach(ctx::flush);
            List<Long> ids = new ArrayList<>(lines.size());
            lines.forEach(line -> ids.add(line.id()));
            queue.deleteLines(ids);
        } while (lines.size() == LINES_PER_READ);
        return trees;
    }

    private static Stream streamOf(String stream) {
        return switch (stream) {
            case "stdout" -> Stream.STDOUT;
            case "stderr" -> Stream.STDERR;
            default -> Stream.INFO;
        };
    }

    private void sweep() {
        long every = Math.max(200, lease.toMillis() / 4);
        while (!closed) {
            try {
                Thread.sleep(every);
                for (String lost : workers.markLost(clock.instant().minus(lease))) {
                    LOG.warning("worker " + lost + " is lost: no heartbeat for " + lease.toSeconds() + " s");
                    giveUp(lost, "Worker " + lost + " was lost (no heartbeat for " + lease.toSeconds() + " s)");
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not sweep lost workers; trying again", e);
            }
        }
    }

    /** Ends what {@code worker} ran with a note saying {@code why}; its unused isolates go to another worker. */
    private void giveUp(String worker, String why) {
        for (long isolateId : queue.release(worker, Outcome.WORKER_LOST, why + ": its processes are given up.")) {
            queue.claim(isolateId).ifPresent(claim -> ctx.info(claim.builderRunId(), claim.topId(),
                    why + ": the isolate goes to another worker."));
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        hearing.interrupt();
        sweeping.interrupt();
        try {
            hearing.join(POLL.toMillis() * 3);
            sweeping.join(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
    }
}
