package lurch.server.engine;

import java.time.Clock;
import java.time.Instant;
import lurch.interpreter.eval.Evaluator;
import lurch.server.artifacts.ArtifactKeeper;

/**
 * Everything the engine's parts share: stores, settings, the evaluator, parsed programs, the log buffer, per-run
 * timers, and this machine's workspaces and artifacts keeper.
 */
record EngineContext(Stores stores, EngineSettings settings, Evaluator evaluator, ProgramCache programs,
                     LogBuffer logs, Timers timers, Workspaces workspaces, ArtifactKeeper artifacts) {

    Clock clock() {
        return settings.clock();
    }

    Instant now() {
        return settings.clock().instant();
    }

    void info(LiveRun run, String text) {
        logs.info(run.id, run.topId, text);
    }
}
