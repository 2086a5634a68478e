package lurch.server.engine;

import lurch.db.Run;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Step;

/**
 * Starts a top run whose workspace must be filled first (a git checkout): the preparation runs before the first
 * command, and when it fails the run ends as could-not-start with the reason in its log.
 */
final class PreparedStart {
    private final Engine engine;

    PreparedStart(Engine engine) {
        this.engine = engine;
    }

    /** Under the tree's lock. */
    void begin(LiveRun run, WorkspacePreparation preparation) {
        try {
            preparation.prepare(run.id, engine.leaves.isolations.workspace(run.topId));
        } catch (Exception e) {
            engine.ctx.stores().runs().markRunning(run.id, engine.now());
            engine.ctx.logs().info(run.id, run.topId, "Preparing the workspace failed: " + e.getMessage());
            engine.advance(run, new Step.Finish(Outcome.of(Outcome.COULD_NOT_START)));
            return;
        }
        engine.begin(run);
    }
}
