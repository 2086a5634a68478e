package lurch.server.engine;

import java.util.List;
import java.util.Map;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Scope;

/**
 * Stops a run and everything below it, deepest first: processes killed (their whole cgroup),
 * queued execs dropped, timers and questions closed, isolations torn down. A cancel ends each run
 * CANCELLED with exit code -130, and the parent of the cancelled run then hears of it like of any
 * child's end. A failure (the engine could not go on with a tree) ends every open run of the tree
 * FAILURE with exit code 127; a whole-run timeout ends every open run of the tree FAILURE with -131. Runs under
 * the tree's lock.
 */
final class Cancellation {
    private final TreeStepper stepper;
    private final EngineContext ctx;
    private final LiveRuns live;
    private final Executor executor;
    private final String by;

    Cancellation(TreeStepper stepper, EngineContext ctx, LiveRuns live, Executor executor, String by) {
        this.stepper = stepper;
        this.ctx = ctx;
        this.live = live;
        this.executor = executor;
        this.by = by;
    }

    boolean cancel(long runId) {
        Run target = ctx.stores().runs().get(runId).orElseThrow();
        if (target.status().isFinal()) {
            return false;
        }
        ctx.logs().info(runId, target.topId(), "Cancelled by " + by + ".");
        stopSubtree(runId, RunStatus.CANCELLED, Outcome.CANCELLED, "cancelled");
        if (target.parentId() != null) {
            LiveRun parent = live.get(target.parentId());
            if (parent != null) {
                Outcome cancelled = Outcome.of(Outcome.CANCELLED);
                stepper.advance(parent, () -> ctx.evaluator().childEnded(parent.command, parent.scope,
                        parent.progress(), cancelled));
            }
        }
        return true;
    }

    /** A whole-run timeout passed: ends every open run of the tree with -131, {@code why} in the top run's log. */
    void timeOut(long topId, String why) {
        ctx.logs().info(topId, topId, why);
        stopSubtree(topId, RunStatus.FAILURE, Outcome.TIMED_OUT, "timed out");
    }

    /** Ends every open run of the tree of {@code topId} as failed. */
    void fail(long topId) {
        stopSubtree(topId, RunStatus.FAILURE, Outcome.COULD_NOT_START, "failed");
    }

    private void stopSubtree(long runId, RunStatus status, int exitCode, String settledAs) {
        List<Run> subtree = ctx.stores().runs().subtree(runId);
        for (int i = subtree.size() - 1; i >= 0; i--) {
            Run run = subtree.get(i);
            if (!run.status().isFinal()) {
                stop(run, status, exitCode, settledAs);
            }
        }
    }

    private void stop(Run run, RunStatus status, int exitCode, String settledAs) {
        LiveRun stopped = live.remove(run.id());
        executor.stop(run.id());
        ctx.timers().cancel(run.id());
        ctx.stores().prompts().get(run.id()).filter(p -> p.isOpen()).ifPresent(p ->
                ctx.stores().prompts().settle(run.id(), ctx.now(), by, settledAs, null));
        boolean ended = ctx.stores().runs().finish(run.id(), status, ctx.now(), exitCode, 0,
                stopped == null ? run.usage() : stopped.usage());
        if (ended) {
            stepper.afterEnd(stopped != null ? stopped : revived(run));
        }
    }

    /**
     * The live view of a run this server does not hold. A row that cannot be read back (a corrupt one is
     * why a tree fails) stands as a no-op: its isolation, if any, went with the leftovers at start-up.
     */
    private LiveRun revived(Run run) {
        try {
            return live.revive(run);
        } catch (RuntimeException e) {
            return new LiveRun(run, new Command.NoOp(0), Scope.of(Map.of(), Map.of()));
        }
    }
}
