package lurch.server.engine;

import java.util.List;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.interpreter.eval.Outcome;

/**
 * Cancels a run and everything below it, deepest first: processes killed (their whole cgroup),
 * queued execs dropped, timers and questions closed, isolations torn down; each run ends
 * CANCELLED with exit code -130. The parent of the cancelled run then hears of it like of any
 * child's end. Runs under the tree's lock.
 */
final class Cancellation {
    private final Engine engine;
    private final String by;

    Cancellation(Engine engine, String by) {
        this.engine = engine;
        this.by = by;
    }

    boolean cancel(long runId) {
        Run target = engine.ctx.stores().runs().get(runId).orElseThrow();
        if (target.status().isFinal()) {
            return false;
        }
        engine.ctx.logs().info(runId, target.topId(), "Cancelled by " + by + ".");
        List<Run> subtree = engine.ctx.stores().runs().subtree(runId);
        for (int i = subtree.size() - 1; i >= 0; i--) {
            Run run = subtree.get(i);
            if (!run.status().isFinal()) {
                stop(run);
            }
        }
        if (target.parentId() != null) {
            LiveRun parent = engine.live.get(target.parentId());
            if (parent != null) {
                Outcome cancelled = Outcome.of(Outcome.CANCELLED);
                engine.advance(parent, engine.evaluator.childEnded(parent.command, parent.scope, parent.progress,
                        cancelled));
            }
        }
        return true;
    }

    private void stop(Run run) {
        LiveRun live = engine.live.remove(run.id());
        engine.leaves.stop(run.id());
        engine.ctx.timers().cancel(run.id());
        engine.ctx.stores().prompts().get(run.id()).filter(p -> p.isOpen()).ifPresent(p ->
                engine.ctx.stores().prompts().settle(run.id(), engine.now(), by, "cancelled", null));
        boolean ended = engine.ctx.stores().runs().finish(run.id(), RunStatus.CANCELLED, engine.now(),
                Outcome.CANCELLED, 0, live == null ? run.usage() : live.usage);
        if (ended) {
            engine.afterEnd(live != null ? live : engine.revive(run));
        }
    }
}
