package lurch.server.worker;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Database;
import lurch.db.Usage;
import lurch.db.WorkQueue;
import lurch.db.WorkerStore;
import lurch.interpreter.eval.Outcome;
import lurch.isolation.Environment;
import lurch.isolation.ExecRequest;
import lurch.isolation.ExecResult;
import lurch.isolation.Execution;
import lurch.isolation.IsolationException;
import lurch.isolation.Isolator;
import lurch.server.engine.WorkspacePreparation;
import lurch.server.git.GitCheckouts;

/**
 * A {@code lurch worker}: claims whole isolates from the {@link WorkQueue} (builder and every exec of one isolate run
 * here), builds them and runs their execs with the same {@link Isolator} as a server (sandbox, cgroups, measurement),
 * masks secrets, kills on timeout, and writes lines and ends to the database. It wakes on NOTIFY (and every
 * {@link #TICK} anyway), heartbeats every {@code heartbeat}, and starts clean: whatever an earlier process of the
 * same name left (processes, chroots, containers, workspaces, orders) is killed, removed or ended first.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Worker.class.getName());
    static final Duration TICK = Duration.ofMillis(250);

    /**
     * Its name, home, how many isolates it holds and processes it runs at most, how often it heartbeats, and how many
     * bytes of a tree's /artifacts it sends to the server.
     */
    public record Settings(String name, Path home, int capacity, Duration heartbeat, long artifactLimit) {}

    private final Settings settings;
    private final WorkQueue queue;
    private final WorkerStore workers;
    private final PgListener listener;
    private final Isolator isolator;
    private final LineWriter lines;
    private final Clock clock;
    private final WorkerTrees trees;
    /** Built isolates, by isolate run id; and those being built. */
    private final Map<Long, Environment> isolates = new ConcurrentHashMap<>();
    private final Set<Long> building = ConcurrentHashMap.newKeySet();
    private final Set<Long> tearingDown = ConcurrentHashMap.newKeySet();
    private final Map<Long, RunningExec> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lurch-worker-timeouts").daemon().factory());
    private volatile boolean stopping;
    private volatile boolean declaredLost;

    /**
     * A worker on the PostgreSQL database {@code db} (opened from {@code url}, {@code user} and {@code password}, which
     * it connects to again for LISTEN), running isolates with {@code isolator}.
     */
    public static Worker open(Settings settings, Database db, String url, String user, String password,
                              Isolator isolator, Clock clock) {
        GitCheckouts checkouts = new GitCheckouts(settings.home(), db.repos());
        return new Worker(settings, db.workQueue(), db.workers(),
                new PgListener(url, user, password, WorkQueue.TO_WORKERS), isolator,
                topId -> checkouts.of(db.runs().data(topId)), clock);
    }

    /** {@code preparationOf} gives the workspace preparation of a top run (a git build's checkout), if it has one. */
    Worker(Settings settings, WorkQueue queue, WorkerStore workers, PgListener listener, Isolator isolator,
           LongFunction<Optional<WorkspacePreparation>> preparationOf, Clock clock) {
        this.settings = settings;
        this.queue = queue;
        this.workers = workers;
        this.listener = listener;
        this.isolator = isolator;
        this.clock = clock;
        this.lines = new LineWriter(queue);
        this.trees = new WorkerTrees(settings, queue, lines, preparationOf);
    }

    /** An exec of this worker: its order, its process, whether its timeout killed it. */
    private static final class RunningExec {
        final WorkQueue.Order order;
        final Execution execution;
        volatile boolean timedOut;
        volatile ScheduledFuture<?> timeout;

        RunningExec(WorkQueue.Order order, Execution execution) {
            this.order = order;
            this.execution = execution;
        }
    }

    /** Works until {@link #stop()}; then kills what runs here and gives it up. */
    public void run() throws InterruptedException {
        startClean("restarted");
        Thread heart = Thread.ofPlatform().name("lurch-worker-heartbeat").daemon().start(this::beat);
        try {
            while (!stopping) {
                for (String payload : listener.await(TICK)) {
                    if (payload.startsWith(WorkQueue.TREE_ENDED)) {
                        trees.delete(Long.parseLong(payload.substring(WorkQueue.TREE_ENDED.length())));
                    }
                }
                try {
                    if (declaredLost) {
                        LOG.warning("the server declared this worker lost: starting clean");
                        startClean("was declared lost");
                        declaredLost = false;
                    }
                    step();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not read the queue; trying again", e);
                }
            }
        } finally {
            heart.interrupt();
            release("stopped"); // first: the kills below must not end the runs as killed on request
            killAll();
            workers.stopped(settings.name(), clock.instant());
            lines.close();
            timers.shutdownNow();
        }
    }

    /** Asks {@link #run()} to end (from a SIGTERM). */
    public void stop() {
        stopping = true;
    }

    private void step() {
        for (WorkQueue.Claim claim : queue.held(settings.name())) {
            if (claim.state().equals("teardown") && tearingDown.add(claim.isolateId())) {
                Thread.ofVirtual().start(() -> tearDown(claim));
            }
        }
        for (long runId : queue.cancelled(settings.name())) {
            RunningExec exec = running.get(runId);
            if (exec != null) {
                exec.execution.kill();
            }
        }
        while (isolates.size() + building.size() < settings.capacity()) {
            var claim = queue.claimIsolate(settings.name());
            if (claim.isEmpty()) {
                break;
            }
            building.add(claim.get().isolateId());
            Thread.ofVirtual().start(() -> build(claim.get()));
        }
        while (running.size() < settings.capacity()) {
            var order = queue.takeOrder(settings.name());
            if (order.isEmpty()) {
                break;
            }
            launch(order.get());
        }
    }

    private void build(WorkQueue.Claim claim) {
        long id = claim.isolateId();
        boolean built;
        try {
            Path workspace = trees.workspace(claim);
            Environment env = isolator.setUp(Long.toString(id), new BuilderColumns(claim.builderKind(),
                            claim.builderArg()).builder(), workspace, trees.staging(claim.topId()),
                    lines.sinkFor(claim.builderRunId(), claim.topId(), Set.of()));
            isolates.put(id, env);
            lines.info(claim.builderRunId(), claim.topId(), "Isolation builder (run #" + claim.builderRunId()
                    + ") succeeded on worker " + settings.name() + ".");
            built = true;
        } catch (Exception e) {
            lines.info(claim.builderRunId(), claim.topId(), "Isolation builder (run #" + claim.builderRunId()
                    + ") failed on worker " + settings.name() + ": " + e.getMessage());
            built = false;
        }
        try {
            lines.flush();
            if (!queue.built(id, settings.name(), built)) {
                forget(id); // given up meanwhile (this worker was declared lost)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the build of isolate " + id, e);
        } finally {
            building.remove(id);
        }
    }

    private void launch(WorkQueue.Order order) {
        OrderSpec spec = OrderSpec.parse(order.spec());
        Environment env = isolates.get(order.isolateId());
        Execution execution;
        try {
            if (env == null) {
                throw new IsolationException("isolate #" + order.isolateId() + " is not built on this worker");
            }
            execution = isolator.start(env, new ExecRequest(spec.path(), spec.args(), spec.env()),
                    lines.sinkFor(order.runId(), order.topId(), spec.secrets()));
        } catch (IsolationException | RuntimeException e) {
            finish(order.runId(), new WorkQueue.End(Outcome.COULD_NOT_START, Usage.NONE,
                    "Could not start " + spec.path() + ": " + e.getMessage()));
            return;
        }
        RunningExec exec = new RunningExec(order, execution);
        running.put(order.runId(), exec);
        if (spec.timeout() != null) {
            exec.timeout = timers.schedule(() -> {
                exec.timedOut = true;
                execution.kill();
            }, spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        execution.result().whenComplete((result, error) -> ended(exec, result, error));
    }

    private void ended(RunningExec exec, ExecResult result, Throwable error) {
        if (exec.timeout != null) {
            exec.timeout.cancel(false);
        }
        WorkQueue.End end;
        if (error != null) {
            end = new WorkQueue.End(Outcome.COULD_NOT_START, Usage.NONE, "Lost track of the process: " + error);
        } else {
            Usage usage = new Usage(result.usage().cpuUserSeconds(), result.usage().cpuSystemSeconds(),
                    result.usage().memoryPeakBytes());
            end = exec.timedOut ? new WorkQueue.End(Outcome.TIMED_OUT, usage, "Timed out: killed.")
                    : new WorkQueue.End(result.exitCode(), usage, null);
        }
        try {
            lines.flush(); // its lines go in before its end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish(exec.order.runId(), end);
        running.remove(exec.order.runId());
    }

    private void finish(long runId, WorkQueue.End end) {
        try {
            queue.finish(runId, end);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the end of run #" + runId
                    + "; the server ends it when this worker's lease runs out", e);
        }
    }

    /** Tears the isolate down, sends its tree's /artifacts to the server, and forgets it (which the server awaits). */
    private void tearDown(WorkQueue.Claim claim) {
        long isolateId = claim.isolateId();
        try {
            running.values().stream().filter(exec -> exec.order.isolateId() == isolateId)
                    .forEach(exec -> exec.execution.kill());
            forget(isolateId);
            trees.sendArtifacts(claim);
            queue.dropIsolate(isolateId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not tear down isolate " + isolateId, e);
        } finally {
            tearingDown.remove(isolateId);
        }
    }

    private void forget(long isolateId) {
        isolates.remove(isolateId);
        isolator.tearDown(Long.toString(isolateId));
    }

    /**
     * Kills and removes whatever an earlier process of this name (or this one, before it was declared lost) left,
     * ends its orders with {@link Outcome#WORKER_LOST}, then registers as ready.
     */
    private void startClean(String why) {
        killAll();
        try {
            isolator.removeLeftovers(Set.of()).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not remove every leftover isolate", e);
        }
        trees.deleteAll();
        release(why);
        workers.register(settings.name(), clock.instant());
    }

    /** Ends this worker's orders and frees its isolates in the database (see {@link WorkQueue#release}). */
    private void release(String why) {
        queue.release(settings.name(), Outcome.WORKER_LOST, "Worker " + settings.name() + " " + why
                + ": its processes are given up.");
    }

    /** Kills every process of this worker and tears its isolates down. */
    private void killAll() {
        running.values().forEach(exec -> exec.execution.kill());
        running.clear();
        for (Long id : Set.copyOf(isolates.keySet())) {
            forget(id);
        }
    }

    private void beat() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(settings.heartbeat().toMillis());
                if (!workers.heartbeat(settings.name(), isolates.size() + building.size(), clock.instant())) {
                    declaredLost = true;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "heartbeat failed", e);
            }
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
