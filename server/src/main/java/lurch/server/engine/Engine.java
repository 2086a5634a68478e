package lurch.server.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.NewRun;
import lurch.db.ProgramVersion;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.WaitingFor;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Evaluator;
import lurch.interpreter.eval.Evaluator.ApprovalDecision;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Scope;
import lurch.interpreter.eval.Step;
import lurch.isolation.Isolator;
import lurch.server.artifacts.ArtifactKeeper;
import lurch.server.artifacts.ArtifactPaths;

/**
 * Drives programs: asks the {@link Evaluator} what each run does next and does it, keeping every
 * state change in the database. Event driven: a process exit, an answer, an approval, a timer or a
 * cancel moves a run forward at once, on the thread that brought the event, under its tree's lock.
 * Leaves that take time (processes, isolation builds) are in {@link Leaves}, the steps that wait for a
 * person (approve, let) in {@link Prompts}.
 */
public final class Engine implements RunControl, EngineMetrics, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    /** How long one thread steps a tree before it lets others (a cancel, other trees) have their turn. */
    static final long SLICE_NANOS = 50_000_000;
    final EngineContext ctx;
    final Evaluator evaluator;
    final Map<Long, LiveRun> live = new ConcurrentHashMap<>();
    final TreeLocks locks = new TreeLocks();
    final Waiters waiters = new Waiters();
    final Leaves leaves;
    final Prompts prompts;
    final RunTimeouts timeouts;
    final ArtifactKeeper artifacts;
    /** Top runs a previous server created with data but did not start: {@link #resumePreparations} starts them. */
    final List<LiveRun> unprepared = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong started = new AtomicLong();
    /** Once closed, events (process exits, timers) no longer step runs: the next server resumes them. */
    private volatile boolean closed;
    private final Map<String, AtomicLong> finished = new ConcurrentHashMap<>();

    /** How long output the store refuses is tried again before its run fails for it. */
    static final Duration OUTPUT_PATIENCE = Duration.ofSeconds(30);
    final StoreOutages outages = new StoreOutages(this);

    public Engine(Stores stores, Isolator isolator, EngineSettings settings) {
        this(stores, isolator, settings, StorageHealth.FINE, OUTPUT_PATIENCE);
    }

    /** An engine that stores no process output while {@code health} refuses it. */
    public Engine(Stores stores, Isolator isolator, EngineSettings settings, StorageHealth health) {
        this(stores, isolator, settings, health, OUTPUT_PATIENCE);
    }

    Engine(Stores stores, Isolator isolator, EngineSettings settings, StorageHealth health,
           Duration outputPatience) {
        this.ctx = new EngineContext(stores, settings, isolator, new ProgramCache(stores.programs()),
                new LogBuffer(stores.logs(), waiters::linesStored, health, outputPatience),
                new Timers(settings.clock()));
        this.evaluator = new Evaluator(settings.clock());
        this.artifacts = new ArtifactKeeper(new ArtifactPaths(settings.home()), stores.artifacts(), settings.artifactLimit());
        this.leaves = new Leaves(this);
        this.prompts = new Prompts(this);
        this.timeouts = new RunTimeouts(this);
    }

    /** Resumes what a previous server left unfinished; call once before serving requests. */
    public void resume() {
        new Recovery(this).run();
    }

    @Override
    public Run start(String program, Map<String, String> presets, Map<String, String> data, String creator) {
        LiveRun run = create(program, presets, data, creator);
        locks.inTree(run.topId, () -> begin(run));
        return ctx.stores().runs().get(run.id).orElseThrow();
    }

    @Override
    public Run start(String program, Map<String, String> presets, Map<String, String> data, String creator,
                     WorkspacePreparation preparation) {
        LiveRun run = create(program, presets, data, creator);
        locks.inTree(run.topId, () -> new PreparedStart(this).begin(run, preparation));
        return ctx.stores().runs().get(run.id).orElseThrow();
    }

    @Override
    public Run start(ProgramVersion version, Map<String, String> presets, Map<String, String> data, String creator,
                     WorkspacePreparation preparation) {
        LiveRun run = create(version, presets, data, creator);
        locks.inTree(run.topId, () -> {
            if (preparation == null) {
                begin(run);
            } else {
                new PreparedStart(this).begin(run, preparation);
            }
        });
        return ctx.stores().runs().get(run.id).orElseThrow();
    }

    @Override
    public Optional<Run> start(String program, Map<String, String> presets, String creator, StartClaim claim) {
        LiveRun[] created = new LiveRun[1];
        Optional<Long> claimed;
        try {
            claimed = claim.claim(() -> {
                created[0] = create(program, presets, Map.of(), creator);
                return created[0].id;
            });
        } catch (RuntimeException e) {
            if (created[0] != null) { // rolled back with the claim
                live.remove(created[0].id);
                ctx.logs().forgetTree(created[0].id);
                timeouts.disarm(created[0].id);
            }
            throw e;
        }
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        LiveRun run = created[0];
        locks.inTree(run.topId, () -> begin(run));
        return ctx.stores().runs().get(run.id);
    }

    @Override
    public void resumePreparations(WorkspacePreparation.Source source) {
        for (LiveRun run : unprepared) {
            locks.inTree(run.topId, () -> {
                if (!live.containsKey(run.id)) {
                    return; // cancelled meanwhile
                }
                var preparation = source.of(ctx.stores().runs().data(run.id));
                if (preparation.isEmpty()) {
                    begin(run);
                    return;
                }
                ctx.logs().info(run.id, run.topId, "Lurch restarted before this run began: preparing its workspace again.");
                leaves.isolations.deleteWorkspace(run.topId);
                new PreparedStart(this).begin(run, preparation.get());
            });
        }
        unprepared.clear();
    }

    @Override
    public Run reject(String program, Map<String, String> data, String creator, List<String> errors) {
        return new RejectedStart(this).record(program, data, creator, errors);
    }

    @Override
    public void note(long runId, String text) {
        Run row = ctx.stores().runs().get(runId).orElseThrow(() -> new NotWaitingException("no run #" + runId));
        ctx.logs().info(runId, row.topId(), text);
    }

    /** Creates a top run of {@code program} and starts it on another thread; returns its id. */
    long startDetached(String program, String creator) {
        LiveRun run = create(program, Map.of(), Map.of(), creator);
        Thread.ofVirtual().start(() -> locks.inTree(run.topId, () -> begin(run)));
        return run.id;
    }

    private LiveRun create(String program, Map<String, String> presets, Map<String, String> data, String creator) {
        ProgramVersion version = ctx.stores().programs().latest(program)
                .orElseThrow(() -> new NoSuchProgramException(program));
        return create(version, presets, data, creator);
    }

    private LiveRun create(ProgramVersion version, Map<String, String> presets, Map<String, String> data,
                           String creator) {
        String program = version.name();
        Command root = ctx.programs().root(version);
        Map<String, String> vars = new HashMap<>(data);
        vars.put("program", program);
        Scope scope = Scope.of(vars, presets);
        Run row = ctx.stores().runs().create(new NewRun(null, version.id(), "", root.keyword(), Programs.label(root),
                creator, ScopeCodec.encode(scope)));
        data.forEach((key, value) -> ctx.stores().runs().putData(row.id(), key, value));
        ctx.logs().newTree(row.id());
        timeouts.arm(row.id(), program);
        started.incrementAndGet();
        LiveRun run = new LiveRun(row, root, withRunId(scope, row.id()));
        live.put(run.id, run);
        return run;
    }

    /** The built-in {@code run_id}: the top run's number, known once its row exists. */
    private static Scope withRunId(Scope scope, long topId) {
        return scope.with("run_id", Long.toString(topId));
    }

    /** The live view of a stored run, for runs this process did not start (after a restart). */
    LiveRun revive(Run row) {
        Scope scope = ScopeCodec.decode(row.scopeJson());
        return new LiveRun(row, ctx.programs().node(row.programVersionId(), row.nodePath()),
                row.isTop() ? withRunId(scope, row.id()) : scope);
    }

    /** Starts a created run: marks it running and takes its first step. Under the tree's lock. */
    void begin(LiveRun run) {
        ctx.stores().runs().markRunning(run.id, now());
        advance(run, () -> evaluator.start(run.command, run.scope));
    }

    /**
     * Applies {@code step} to {@code run}, then keeps going as long as the next step is immediate:
     * a child to start, a run to end and its parent to step. Stops at a leaf that must wait for
     * something (a process, a person, a timer). Iterative, so long loops do not grow the stack; after
     * {@link #SLICE_NANOS} it lets go of the tree's lock and goes on from a new thread, so that a cancel
     * (waiting for the lock, which is fair) and other trees get their turn during a long loop. A step
     * that throws fails the whole tree with a line naming the cause, instead of leaving it running.
     */
    void advance(LiveRun run, Step step) {
        long sliceEnd = System.nanoTime() + SLICE_NANOS;
        while (run != null && !closed) {
            if (System.nanoTime() - sliceEnd > 0) {
                continueLater(run, step);
                return;
            }
            Next next;
            try {
                next = stepOnce(run, step);
                outages.over(run.id);
            } catch (RuntimeException | StackOverflowError e) {
                if (!outages.retryLater(run, step, e)) {
                    failTree(run.id, run.topId, e);
                }
                return;
            }
            if (next == null) {
                return;
            }
            run = next.run();
            step = next.step();
        }
    }

    /** Like {@link #advance}, with the first step still to be worked out (which may throw too). */
    void advance(LiveRun run, Supplier<Step> firstStep) {
        Step step;
        try {
            step = firstStep.get();
        } catch (RuntimeException | StackOverflowError e) {
            failTree(run.id, run.topId, e);
            return;
        }
        advance(run, step);
    }

    private void continueLater(LiveRun run, Step step) {
        Thread.ofVirtual().name("lurch-step-" + run.topId).start(() -> locks.inTree(run.topId, () -> {
            if (live.containsKey(run.id)) { // not cancelled meanwhile
                advance(run, step);
            }
        }));
    }

    /** The run to step next and its step. */
    private record Next(LiveRun run, Step step) {}

    /** Applies one step; answers what comes next, or null when the tree now waits for something. */
    private Next stepOnce(LiveRun run, Step step) {
        switch (step) {
            case Step.StartChild child -> {
                LiveRun started = startChild(run, child);
                return new Next(started, evaluator.start(started.command, started.scope));
            }
            case Step.Finish finish -> {
                LiveRun parent = end(run, finish.outcome());
                return parent == null ? null : new Next(parent,
                        evaluator.childEnded(parent.command, parent.scope, parent.progress, finish.outcome()));
            }
            case Step.SpawnProgram spawn -> {
                return new Next(run, new Step.Finish(leaves.spawn(run, spawn.program())));
            }
            case Step.RunExec exec -> leaves.exec(run, exec);
            case Step.BuildIsolation build -> leaves.build(run, build.builder());
            case Step.AwaitApproval approval -> prompts.awaitApproval(run, approval);
            case Step.AwaitAnswer answer -> prompts.awaitAnswer(run, answer);
            case Step.SleepUntil sleep -> {
                ctx.stores().runs().markWaiting(run.id, WaitingFor.TIMER, sleep.until());
                ctx.timers().at(run.id, sleep.until(), () -> wake(run));
            }
        }
        return null;
    }

    /**
     * Something no program should be able to cause went wrong while stepping {@code runId} (a bug, a
     * corrupt row): every open run of its tree ends as failed, with a line saying why. Never throws, so
     * one broken tree cannot take the server or its other runs down. Under the tree's lock.
     */
    void failTree(long runId, long topId, Throwable cause) {
        LOG.log(Level.WARNING, "run #" + runId + " failed unexpectedly; failing its tree #" + topId, cause);
        try {
            ctx.logs().info(runId, topId, "Lurch could not go on with this run (" + describe(cause)
                    + "): the run is stopped as failed.");
            new Cancellation(this, "lurch").fail(topId);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.SEVERE, "could not fail tree #" + topId, e);
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        String text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private LiveRun startChild(LiveRun parent, Step.StartChild start) {
        if (parent.progress != start.progress()) {
            parent.progress = start.progress();
            ctx.stores().runs().saveProgress(parent.id, start.progress());
        }
        Command command = parent.command.children().get(start.index());
        Run row = ctx.stores().runs().createStarted(new NewRun(parent.id, parent.versionId,
                parent.childPath(start.index()), command.keyword(), Programs.label(command), null,
                ScopeCodec.encode(start.scope())));
        LiveRun child = new LiveRun(row, command, start.scope());
        live.put(child.id, child);
        return child;
    }

    /**
     * Ends a run with {@code outcome} and returns its parent to step, or null when there is none or
     * when the run had already ended (a cancel got there first: the database decides the race).
     */
    LiveRun end(LiveRun run, Outcome outcome) {
        RunStatus status = statusOf(outcome);
        boolean ended = ctx.stores().runs().finish(run.id, status, now(), outcome.exitCode(), outcome.breakLevels(),
                run.usage);
        live.remove(run.id);
        if (!ended) {
            return null;
        }
        afterEnd(run);
        if (run.isTop()) {
            return null;
        }
        return live.get(run.parentId);
    }

    /** Clean-up and notifications once a run has ended, by finishing or by cancel. */
    void afterEnd(LiveRun run) {
        if (run.command instanceof Command.Isolate) {
            leaves.isolations.tearDown(run.id);
        }
        ctx.timers().cancel(run.id);
        if (run.isTop()) {
            artifacts.keep(run.topId, line -> ctx.logs().info(run.id, run.topId, line));
            ctx.logs().flush(run.topId);
            ctx.logs().forgetTree(run.topId);
            leaves.isolations.deleteWorkspace(run.topId);
            leaves.forgetTree(run.topId);
            timeouts.disarm(run.topId);
            locks.drop(run.topId);
        }
        Run row = ctx.stores().runs().get(run.id).orElseThrow();
        if (row.isTop()) {
            finished.computeIfAbsent(row.status().dbName(), s -> new AtomicLong()).incrementAndGet();
        }
        waiters.ended(row);
    }

    static RunStatus statusOf(Outcome outcome) {
        if (outcome.exitCode() == Outcome.CANCELLED) {
            return RunStatus.CANCELLED;
        }
        return outcome.exitCode() == 0 ? RunStatus.SUCCESS : RunStatus.FAILURE;
    }

    void wake(LiveRun sleeper) {
        locks.inTree(sleeper.topId, () -> {
            if (live.containsKey(sleeper.id)) {
                advance(sleeper, new Step.Finish(Outcome.of(0)));
            }
        });
    }

    @Override
    public void approve(long runId, boolean approved, String message, String by) {
        prompts.settleApproval(runId, approved ? ApprovalDecision.APPROVED : ApprovalDecision.REJECTED, message, by);
    }

    @Override
    public void answer(long runId, String value, String by) {
        prompts.answer(runId, value, by);
    }

    @Override
    public boolean cancel(long runId, String by) {
        Run row = ctx.stores().runs().get(runId).orElseThrow(() -> new NotWaitingException("no run #" + runId));
        return locks.inTree(row.topId(), () -> new Cancellation(this, by).cancel(runId));
    }

    /** The live run {@code runId}, which must be waiting for something. */
    LiveRun liveTree(long runId) {
        LiveRun run = live.get(runId);
        if (run == null) {
            throw new NotWaitingException("run #" + runId + " is not waiting (it has ended or does not exist)");
        }
        return run;
    }

    @Override
    public CompletableFuture<Run> whenFinished(long runId) {
        // Register before looking, so an end between the two cannot be missed.
        CompletableFuture<Run> future = waiters.register(runId);
        ctx.stores().runs().get(runId).filter(r -> r.status().isFinal()).ifPresent(future::complete);
        return future;
    }

    @Override
    public void addListener(RunListener listener) {
        waiters.addListener(listener);
    }

    void notifyChanged(long runId) {
        ctx.stores().runs().get(runId).ifPresent(waiters::changed);
    }

    boolean isClosed() {
        return closed;
    }

    Instant now() {
        return ctx.clock().instant();
    }

    @Override
    public long runsStarted() {
        return started.get();
    }

    @Override
    public Map<String, Long> runsFinished() {
        Map<String, Long> counts = new HashMap<>();
        finished.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    @Override
    public int processesRunning() {
        return leaves.slots.running();
    }

    @Override
    public int processQueueLength() {
        return leaves.slots.queued();
    }

    @Override
    public void close() throws Exception {
        close(Duration.ofSeconds(20));
    }

    /**
     * Stops stepping runs (the next start resumes them), kills the processes of every live isolate (no process
     * outlives its server) and stores the output that waits; each of the last two for at most {@code patience}.
     */
    public void close(Duration patience) throws InterruptedException {
        closed = true;
        ctx.timers().close();
        timeouts.close();
        leaves.isolations.tearDownAll(patience);
        ctx.logs().close(patience);
    }
}
