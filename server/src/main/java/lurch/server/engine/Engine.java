package lurch.server.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import lurch.db.ProgramVersion;
import lurch.db.Run;
import lurch.interpreter.eval.Evaluator;
import lurch.interpreter.eval.Evaluator.ApprovalDecision;
import lurch.isolation.Isolator;
import lurch.server.artifacts.ArtifactKeeper;
import lurch.server.artifacts.ArtifactPaths;

/**
 * Drives programs: what the outside may ask of runs ({@link RunControl}) and the engine's figures. The durable
 * stepping of run trees is the {@link TreeStepper}'s; the leaves that take time (isolation builds, processes) are an
 * {@link Executor}'s: a {@link LocalExecutor} on this machine unless the engine is built with another.
 */
public final class Engine implements RunControl, EngineMetrics, AutoCloseable {
    /** How long output the store refuses is tried again before its run fails for it. */
    private static final Duration OUTPUT_PATIENCE = Duration.ofSeconds(30);
    private final EngineContext ctx;
    private final LiveRuns live;
    private final Waiters waiters = new Waiters();
    private final RunCounts counts = new RunCounts();
    private final TreeStepper stepper;

    /** An engine that runs isolates on this machine with {@code isolator}. */
    public Engine(Stores stores, Isolator isolator, EngineSettings settings) {
        this(stores, settings, StorageHealth.FINE, local(isolator));
    }

    /** An engine that runs isolates on this machine, and stores no process output while {@code health} refuses it. */
    public Engine(Stores stores, Isolator isolator, EngineSettings settings, StorageHealth health) {
        this(stores, settings, health, local(isolator));
    }

    /**
     * An engine whose leaves run on the executor that {@code executor} builds from what the engine gives it (e.g.
     * workers that claim isolates through the database); no process output is stored while {@code health} refuses it.
     */
    public Engine(Stores stores, EngineSettings settings, StorageHealth health,
                  Function<ExecutorContext, Executor> executor) {
        this.ctx = new EngineContext(stores, settings, new Evaluator(settings.clock()),
                new ProgramCache(stores.programs()),
                new LogBuffer(stores.logs(), waiters::linesStored, health, OUTPUT_PATIENCE),
                new Timers(settings.clock()), new Workspaces(settings.home()),
                new ArtifactKeeper(new ArtifactPaths(settings.home()), stores.artifacts(), settings.artifactLimit()));
        this.live = new LiveRuns(ctx.programs());
        this.stepper = new TreeStepper(ctx, live, waiters, counts, executor);
    }

    /** The executor of isolates on this machine, with {@code isolator}: the default. */
    public static Function<ExecutorContext, Executor> local(Isolator isolator) {
        return ctx -> new LocalExecutor(ctx, isolator);
    }

    /** Resumes what a previous server left unfinished; call once before serving requests. */
    public void resume() {
        new Recovery(stepper, ctx, live).run();
    }

    @Override
    public ProgramVersion latest(String program) {
        return stepper.starts().latest(program);
    }

    @Override
    public Run start(ProgramVersion version, Map<String, String> presets, Map<String, String> data, String creator,
                     WorkspacePreparation preparation) {
        return stepper.starts().start(version, presets, data, creator, preparation);
    }

    @Override
    public Optional<Run> start(ProgramVersion version, Map<String, String> presets, String creator, StartClaim claim) {
        return stepper.starts().start(version, presets, creator, claim);
    }

    @Override
    public void resumePreparations(WorkspacePreparation.Source source) {
        stepper.starts().resumePreparations(source);
    }

    @Override
    public Run reject(String program, Map<String, String> data, String creator, List<String> errors) {
        return stepper.starts().reject(program, data, creator, errors);
    }

    @Override
    public void note(long runId, String text) {
        Run row = ctx.stores().runs().get(runId).orElseThrow(() -> new NotWaitingException("no run #" + runId));
        ctx.logs().info(runId, row.topId(), text);
    }

    @Override
    public void approve(long runId, boolean approved, String message, String by) {
        stepper.prompts().settleApproval(runId, approved ? ApprovalDecision.APPROVED : ApprovalDecision.REJECTED,
                message, by);
    }

    @Override
    public void answer(long runId, String value, String by) {
        stepper.prompts().answer(runId, value, by);
    }

    @Override
    public boolean cancel(long runId, String by) {
        Run row = ctx.stores().runs().get(runId).orElseThrow(() -> new NotWaitingException("no run #" + runId));
        return stepper.inTree(row.topId(), () -> stepper.cancellation(by).cancel(runId));
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

    /** Stores the log lines of tree {@code topId} that wait to be stored, before a test reads them. */
    void flushLogs(long topId) {
        ctx.logs().flush(topId);
    }

    @Override
    public long runsStarted() {
        return counts.startedCount();
    }

    @Override
    public Map<String, Long> runsFinished() {
        return counts.finishedCounts();
    }

    @Override
    public int processesRunning() {
        return stepper.executor().processesRunning();
    }

    @Override
    public int processQueueLength() {
        return stepper.executor().processesQueued();
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
        stepper.close(patience);
    }
}
