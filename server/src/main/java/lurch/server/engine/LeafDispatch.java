package lurch.server.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lurch.db.ProgramVersion;
import lurch.db.Run;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Step;

/**
 * Hands the leaves that take time (isolation builds, processes) to the {@link Executor} as orders, and steps their
 * runs on, under the tree's lock, once the executor answers. An exec's order carries its whole environment: where
 * artifacts go, the program's secrets (read once per tree), then the exec's own assignments.
 */
final class LeafDispatch {
    private final TreeStepper stepper;
    private final EngineContext ctx;
    private final LiveRuns live;
    private final Executor executor;
    private final ExecutorService events = Executors.newVirtualThreadPerTaskExecutor();
    /** A tree's secrets, read when its first exec starts: every exec of a run sees the same ones. */
    private final Map<Long, Map<String, String>> secretsByTree = new ConcurrentHashMap<>();
    /** The isolates of live isolate runs, by isolate run id. */
    private final Map<Long, IsolateOrder> isolates = new ConcurrentHashMap<>();

    LeafDispatch(TreeStepper stepper, EngineContext ctx, LiveRuns live, Executor executor) {
        this.stepper = stepper;
        this.ctx = ctx;
        this.live = live;
        this.executor = executor;
    }

    /** Builds the isolation of {@code run}, a builder whose parent is the isolate. Under the tree's lock. */
    void build(LiveRun run, Builder builder) {
        IsolateOrder order = new IsolateOrder(run.parentId, run.id, run.topId, builder);
        isolates.put(order.isolateId(), order);
        executor.build(order).whenCompleteAsync((built, error) -> stepper.inTree(run.topId, () -> {
            if (!live.contains(run.id)) {
                tearDown(order.isolateId()); // cancelled while building
                return;
            }
            if (error != null) {
                ctx.info(run, "Isolation builder (run #" + run.id + ") failed: " + error);
            }
            stepper.advance(run, new Step.Finish(Outcome.of(Boolean.TRUE.equals(built) ? 0 : 1)));
        }), events);
    }

    /** Runs the process of {@code run}. Under the tree's lock. */
    void exec(LiveRun run, Step.RunExec exec) {
        IsolateOrder isolate = isolateAround(run);
        if (isolate == null) {
            ctx.info(run, "Could not start " + exec.path() + ": exec outside of any isolate");
            stepper.advanceLater(run, new Step.Finish(Outcome.of(Outcome.COULD_NOT_START)), "lurch-exec-" + run.id);
            return;
        }
        Map<String, String> secrets = secretsByTree.computeIfAbsent(run.topId, top -> secretsOf(run));
        follow(run, executor.exec(new ExecOrder(run.id, run.topId, isolate, exec.path(), exec.args(),
                environment(exec.env(), secrets), List.copyOf(secrets.values()), exec.timeout())));
    }

    /** Steps exec run {@code run} on once {@code outcome} completes: the end of its process. */
    void follow(LiveRun run, CompletableFuture<ExecOutcome> outcome) {
        outcome.whenCompleteAsync((ended, error) -> ended(run, ended, error), events);
    }

    private void ended(LiveRun run, ExecOutcome ended, Throwable error) {
        if (stepper.isClosed()) {
            return; // killed by a stop: the next start ends the exec as after a crash, with a line saying so
        }
        ctx.logs().flush(run.topId);
        stepper.inTree(run.topId, () -> {
            if (!live.contains(run.id)) {
                return; // cancelled: the cancel has ended the run already
            }
            ExecOutcome result = error == null ? ended
                    : ExecOutcome.failed(Outcome.COULD_NOT_START, "Lost track of the process: " + error);
            run.used(result.usage());
            if (result.note() != null) {
                ctx.info(run, result.note());
            }
            Outcome outcome = Outcome.of(result.exitCode());
            var lost = ctx.logs().takeLost(run.id);
            if (lost.isPresent()) {
                ctx.info(run, lost.get().sentence());
                outcome = outcome.exitCode() != 0 ? outcome : Outcome.of(Outcome.COULD_NOT_START);
            }
            stepper.advance(run, new Step.Finish(outcome));
        });
    }

    /**
     * The isolate around {@code run}, the nearest one up its lineage; after a restart its order is made again from
     * the isolate's own builder and scope. Null when there is none.
     */
    private IsolateOrder isolateAround(LiveRun run) {
        String[] ids = run.lineage.split("/");
        for (int i = ids.length - 1; i >= 0; i--) {
            if (ids[i].isEmpty()) {
                continue;
            }
            long id = Long.parseLong(ids[i]);
            IsolateOrder known = isolates.get(id);
            if (known != null) {
                return known;
            }
            LiveRun ancestor = live.get(id);
            if (ancestor != null && ancestor.command instanceof Command.Isolate isolate
                    && ctx.evaluator().start(isolate.builder(), ancestor.scope) instanceof Step.BuildIsolation b) {
                List<Run> children = ctx.stores().runs().children(id);
                long builderRunId = children.isEmpty() ? run.id : children.getFirst().id();
                IsolateOrder order = new IsolateOrder(id, builderRunId, run.topId, b.builder());
                isolates.put(id, order);
                return order;
            }
        }
        return null;
    }

    /**
     * The program's secrets; none for a pull request's version, whose code comes from someone the secrets are not
     * for (and whose output may be public).
     */
    private Map<String, String> secretsOf(LiveRun run) {
        boolean pullRequest = ctx.stores().programs().version(run.versionId)
                .map(ProgramVersion::pullRequest).orElse(true);
        return pullRequest ? Map.of() : ctx.stores().secrets().of(run.programName);
    }

    /** An exec's environment: where artifacts go, the program's secrets, then the exec's own assignments. */
    private static Map<String, String> environment(List<String> assignments, Map<String, String> secrets) {
        Map<String, String> env = new HashMap<>(Map.of("LURCH_ARTIFACTS", "/artifacts"));
        env.putAll(secrets);
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq > 0) {
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        return env;
    }

    /** Stops whatever exec run {@code runId} has going (a process, a place in a queue). Under the tree's lock. */
    void stop(long runId) {
        executor.stop(runId);
    }

    /** Isolate run {@code isolateId} has ended. */
    void tearDown(long isolateId) {
        isolates.remove(isolateId);
        executor.tearDown(isolateId);
    }

    /** The tree of {@code topId} has ended. */
    void treeEnded(long topId) {
        secretsByTree.remove(topId);
        executor.treeEnded(topId);
    }
}
