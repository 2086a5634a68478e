package lurch.server.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import lurch.interpreter.eval.Outcome;
import lurch.isolation.Environment;
import lurch.isolation.ExecRequest;
import lurch.isolation.ExecResult;
import lurch.isolation.Execution;
import lurch.isolation.IsolationException;
import lurch.isolation.Isolator;

/**
 * Runs isolates on this machine with the isolation module: builds their environments, starts their processes
 * within LURCH_MAX_PROCS (execs beyond it wait for a slot, marked waiting for one), kills a process whose timeout
 * passed. A process does not outlive its server: after a restart there is nothing to reattach to.
 */
final class LocalExecutor implements Executor {
    private final ExecutorContext ctx;
    private final Isolator isolator;
    private final Isolations isolations;
    private final ProcessSlots slots;
    /** Exec timeouts, keyed by exec run. */
    private final Timers timeouts;
    private final ExecutorService events = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Long, RunningExec> running = new ConcurrentHashMap<>();
    private final Map<Long, QueuedExec> queued = new ConcurrentHashMap<>();

    LocalExecutor(ExecutorContext ctx, Isolator isolator) {
        this.ctx = ctx;
        this.isolator = isolator;
        this.isolations = new Isolations(isolator, ctx);
        this.slots = new ProcessSlots(ctx.settings().maxProcesses());
        this.timeouts = new Timers(ctx.settings().clock());
    }

    /** A process and whether its timeout killed it. */
    private static final class RunningExec {
        final Execution execution;
        volatile boolean timedOut;

        RunningExec(Execution execution) {
            this.execution = execution;
        }
    }

    private record QueuedExec(ExecOrder order, CompletableFuture<ExecOutcome> outcome) {}

    @Override
    public CompletableFuture<Boolean> build(IsolateOrder order) {
        CompletableFuture<Boolean> built = new CompletableFuture<>();
        events.execute(() -> {
            try {
                isolations.setUp(order.isolateId(), order.topId(), order.builder(),
                        ctx.sinkFor(order.builderRunId(), order.topId(), List.of()));
                ctx.info(order.builderRunId(), order.topId(), "Isolation builder (run #" + order.builderRunId()
                        + ") succeeded.");
                built.complete(true);
            } catch (IsolationException | RuntimeException e) {
                ctx.info(order.builderRunId(), order.topId(), "Isolation builder (run #" + order.builderRunId()
                        + ") failed: " + e.getMessage());
                built.complete(false);
            }
        });
        return built;
    }

    /** Starts the process at once when a slot is free, else queues it. Called under the tree's lock. */
    @Override
    public CompletableFuture<ExecOutcome> exec(ExecOrder order) {
        CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
        // Queued before the slot is asked for: a slot freed at once is handed to a run launchQueued must find.
        queued.put(order.runId(), new QueuedExec(order, outcome));
        if (slots.acquireOrQueue(order.runId())) {
            queued.remove(order.runId());
            launch(order, outcome);
        } else {
            ctx.stores().runs().markWaiting(order.runId(), WaitingFor.PROCESS_SLOT, null);
        }
        return outcome;
    }

    /** A slot was handed to queued run {@code runId}. */
    private void launchQueued(long runId) {
        events.execute(() -> {
            QueuedExec exec = queued.remove(runId);
            boolean launched = exec != null && ctx.whileLive(runId, exec.order().topId(), () -> {
                ctx.stores().runs().markRunning(runId, ctx.settings().clock().instant());
                launch(exec.order(), exec.outcome());
            });
            if (!launched) {
                slots.release(this::launchQueued);
            }
        });
    }

    /** Starts the process of {@code order}, which holds a slot. */
    private void launch(ExecOrder order, CompletableFuture<ExecOutcome> outcome) {
        Execution execution;
        try {
            execution = isolator.start(environmentOf(order),
                    new ExecRequest(order.path(), order.args(), order.env()),
                    ctx.sinkFor(order.runId(), order.topId(), order.secrets()));
        } catch (IsolationException | RuntimeException e) {
            slots.release(this::launchQueued);
            outcome.complete(ExecOutcome.failed(Outcome.COULD_NOT_START,
                    "Could not start " + order.path() + ": " + e.getMessage()));
            return;
        }
        RunningExec process = new RunningExec(execution);
        running.put(order.runId(), process);
        if (order.timeout() != null) {
            timeouts.after(order.runId(), order.timeout(), () -> {
                process.timedOut = true;
                execution.kill();
            });
        }
        // On the thread that saw the process end: nothing here waits, and the engine steps on from its own thread.
        execution.result().whenComplete((result, error) -> {
            slots.release(this::launchQueued);
            timeouts.cancel(order.runId());
            running.remove(order.runId(), process);
            outcome.complete(ended(process, result, error));
        });
    }

    private static ExecOutcome ended(RunningExec process, ExecResult result, Throwable error) {
        if (error != null) {
            return ExecOutcome.failed(Outcome.COULD_NOT_START, "Lost track of the process: " + error);
        }
        Usage usage = new Usage(result.usage().cpuUserSeconds(), result.usage().cpuSystemSeconds(),
                result.usage().memoryPeakBytes());
        return process.timedOut ? new ExecOutcome(Outcome.TIMED_OUT, usage, "Timed out: killed.")
                : ExecOutcome.exited(result.exitCode(), usage);
    }

    /** The environment of the order's isolate; after a restart it is built again, its lines in the exec's log. */
    private Environment environmentOf(ExecOrder order) throws IsolationException {
        IsolateOrder isolate = order.isolate();
        if (isolate == null) {
            throw new IsolationException("exec outside of any isolate");
        }
        Environment env = isolations.get(isolate.isolateId());
        return env != null ? env : isolations.setUp(isolate.isolateId(), order.topId(), isolate.builder(),
                ctx.sinkFor(order.runId(), order.topId(), List.of()));
    }

    /** There is no process of a previous server to go on with: it died with it. */
    @Override
    public Optional<CompletableFuture<ExecOutcome>> reattach(long runId) {
        return Optional.empty();
    }

    @Override
    public void stop(long runId) {
        QueuedExec waiting = queued.remove(runId);
        if (slots.forget(runId)) {
            if (waiting != null) {
                waiting.outcome().complete(ExecOutcome.failed(Outcome.CANCELLED, null));
            }
            return;
        }
        RunningExec process = running.remove(runId);
        if (process != null) {
            process.execution.kill();
        }
    }

    @Override
    public void tearDown(long isolateId) {
        isolations.tearDown(isolateId);
    }

    @Override
    public void treeEnded(long topId) {
        ctx.workspaces().delete(topId);
    }

    @Override
    public void stopAll(Duration patience) throws InterruptedException {
        timeouts.close();
        isolations.tearDownAll(patience);
    }

    @Override
    public void removeLeftovers(Set<Long> unfinishedIsolates) {
        isolations.removeLeftovers(unfinishedIsolates);
    }

    @Override
    public int processesRunning() {
        return slots.running();
    }

    @Override
    public int processesQueued() {
        return slots.queued();
    }
}
