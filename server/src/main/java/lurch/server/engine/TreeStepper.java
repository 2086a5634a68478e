package lurch.server.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.NewRun;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.WaitingFor;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Step;

/**
 * The durable stepping of run trees: asks the evaluator what each run does next and does it, keeping every state
 * change in the database. Event driven: a process exit, an answer, an approval, a timer or a cancel moves a run
 * forward at once, on the thread that brought the event, under its tree's lock. The leaves that take time go to the
 * {@link Executor} through {@link LeafDispatch}; the steps that wait for a person are {@link Prompts}'.
 */
final class TreeStepper {
    private static final Logger LOG = Logger.getLogger(TreeStepper.class.getName());
    /** How long one thread steps a tree before it lets others (a cancel, other trees) have their turn. */
    static final long SLICE_NANOS = 50_000_000;
    private final EngineContext ctx;
    private final LiveRuns live;
    private final TreeLocks locks = new TreeLocks();
    private final Waiters waiters;
    private final RunCounts counts;
    private final Executor executor;
    private final LeafDispatch leaves;
    private final Prompts prompts;
    private final RunTimeouts timeouts;
    private final StoreOutages outages;
    private final RunStarts starts;
    /** Once closed, events (process exits, timers) no longer step runs: the next server resumes them. */
    private volatile boolean closed;

    TreeStepper(EngineContext ctx, LiveRuns live, Waiters waiters, RunCounts counts,
                Function<ExecutorContext, Executor> executorFactory) {
        this.ctx = ctx;
        this.live = live;
        this.waiters = waiters;
        this.counts = counts;
        this.executor = executorFactory.apply(new EngineExecutorContext(ctx, this));
        this.leaves = new LeafDispatch(this, ctx, live, executor);
        this.prompts = new Prompts(this, ctx, live);
        this.timeouts = new RunTimeouts(this, ctx);
        this.outages = new StoreOutages(this);
        this.starts = new RunStarts(this, ctx, live, timeouts, counts, waiters);
    }

    Executor executor() {
        return executor;
    }

    LeafDispatch leaves() {
        return leaves;
    }

    Prompts prompts() {
        return prompts;
    }

    RunTimeouts timeouts() {
        return timeouts;
    }

    RunStarts starts() {
        return starts;
    }

    /** A cancel, timeout or failure of runs on behalf of {@code by}. Under the tree's lock. */
    Cancellation cancellation(String by) {
        return new Cancellation(this, ctx, live, executor, by);
    }

    <T> T inTree(long topId, Supplier<T> action) {
        return locks.inTree(topId, action);
    }

    void inTree(long topId, Runnable action) {
        locks.inTree(topId, action);
    }

    /** Runs {@code action} under the tree's lock if run {@code runId} is live and the engine open; answers whether. */
    boolean whileLive(long runId, long topId, Runnable action) {
        return locks.inTree(topId, () -> {
            if (closed || !live.contains(runId)) {
                return false;
            }
            action.run();
            return true;
        });
    }

    /** Starts a created run: marks it running and takes its first step. Under the tree's lock. */
    void begin(LiveRun run) {
        ctx.stores().runs().markRunning(run.id, ctx.now());
        advance(run, () -> ctx.evaluator().start(run.command, run.scope));
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

    /** Steps {@code run} on from a new thread, under its tree's lock, unless it ended meanwhile. */
    void advanceLater(LiveRun run, Step step, String threadName) {
        Thread.ofVirtual().name(threadName).start(() -> locks.inTree(run.topId, () -> {
            if (live.contains(run.id)) {
                advance(run, step);
            }
        }));
    }

    private void continueLater(LiveRun run, Step step) {
        advanceLater(run, step, "lurch-step-" + run.topId);
    }

    /** The run to step next and its step. */
    private record Next(LiveRun run, Step step) {}

    /** Applies one step; answers what comes next, or null when the tree now waits for something. */
    private Next stepOnce(LiveRun run, Step step) {
        switch (step) {
            case Step.StartChild child -> {
                LiveRun started = startChild(run, child);
                return new Next(started, ctx.evaluator().start(started.command, started.scope));
            }
            case Step.Finish finish -> {
                return finish(run, finish.outcome());
            }
            case Step.SpawnProgram spawn -> {
                return new Next(run, new Step.Finish(starts.spawn(run, spawn.program())));
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
            cancellation("lurch").fail(topId);
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
        Run row = ctx.stores().runs().createStarted(newChild(parent, start), start.progress());
        return started(parent, start, row);
    }

    private static NewRun newChild(LiveRun parent, Step.StartChild start) {
        Command command = parent.command.children().get(start.index());
        return new NewRun(parent.id, parent.versionId, parent.childPath(start.index()), command.keyword(),
                Programs.label(command), null, ScopeCodec.encode(start.scope()));
    }

    /** The child {@code start} made, stored as {@code row}, now live. */
    private LiveRun started(LiveRun parent, Step.StartChild start, Run row) {
        parent.moveTo(start.progress());
        LiveRun child = new LiveRun(row, parent.command.children().get(start.index()), start.scope());
        live.add(child);
        return child;
    }

    /**
     * Ends {@code run} with {@code outcome} and answers what comes next: its parent's next step, null when there is
     * none or when the run had already ended. When the parent goes on with another child (a sequence's next
     * command), the end and that child's start are stored in one transaction; nothing changes in memory before it
     * has committed, so a store that fails leaves the step to be tried again as it was.
     */
    private Next finish(LiveRun run, Outcome outcome) {
        LiveRun parent = run.isTop() ? null : live.get(run.parentId);
        Step next = parent == null ? null
                : ctx.evaluator().childEnded(parent.command, parent.scope, parent.progress(), outcome);
        if (!(next instanceof Step.StartChild start)) {
            return end(run, outcome) == null || next == null ? null : new Next(parent, next);
        }
        Optional<Run> row = ctx.stores().runs().finishThenStart(run.id, statusOf(outcome), ctx.now(),
                outcome.exitCode(), outcome.breakLevels(), run.usage(), newChild(parent, start), start.progress());
        live.remove(run.id);
        if (row.isEmpty()) {
            return null;
        }
        afterEnd(run);
        LiveRun child = started(parent, start, row.get());
        return new Next(child, ctx.evaluator().start(child.command, child.scope));
    }

    /**
     * Ends a run with {@code outcome} and returns its parent to step, or null when there is none or
     * when the run had already ended (a cancel got there first: the database decides the race).
     */
    private LiveRun end(LiveRun run, Outcome outcome) {
        boolean ended = ctx.stores().runs().finish(run.id, statusOf(outcome), ctx.now(), outcome.exitCode(),
                outcome.breakLevels(), run.usage());
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
            leaves.tearDown(run.id);
        }
        ctx.timers().cancel(run.id);
        if (run.isTop()) {
            ctx.artifacts().keep(run.topId, line -> ctx.info(run, line));
            ctx.logs().flush(run.topId);
            ctx.logs().forgetTree(run.topId);
            leaves.treeEnded(run.topId);
            timeouts.disarm(run.topId);
            locks.drop(run.topId);
        }
        if (run.isTop() || waiters.waitedFor(run.id)) {
            Run row = ctx.stores().runs().get(run.id).orElseThrow();
            counts.ended(row);
            waiters.ended(row);
        } else {
            waiters.treeChanged(run.topId); // each exec of a sequence would otherwise read its row back once more
        }
    }

    static RunStatus statusOf(Outcome outcome) {
        if (outcome.exitCode() == Outcome.CANCELLED) {
            return RunStatus.CANCELLED;
        }
        return outcome.exitCode() == 0 ? RunStatus.SUCCESS : RunStatus.FAILURE;
    }

    /** A pause's timer went off. */
    void wake(LiveRun sleeper) {
        locks.inTree(sleeper.topId, () -> {
            if (live.contains(sleeper.id)) {
                advance(sleeper, new Step.Finish(Outcome.of(0)));
            }
        });
    }

    void notifyChanged(long runId) {
        ctx.stores().runs().get(runId).ifPresent(waiters::changed);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Stops stepping runs (the next start resumes them), kills the processes of the executor (no process
     * outlives its server) and stores the output that waits; each of the last two for at most {@code patience}.
     */
    void close(Duration patience) throws InterruptedException {
        closed = true;
        ctx.timers().close();
        timeouts.close();
        executor.stopAll(patience);
        ctx.logs().close(patience);
    }
}
