package lurch.server.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lurch.db.Run;
import lurch.interpreter.eval.Scope;
import lurch.server.engine.RunControl.NotWaitingException;

/** The runs that have not ended, by id: the engine's in-memory view of them, rebuilt from the database on start-up. */
final class LiveRuns {
    private final Map<Long, LiveRun> byId = new ConcurrentHashMap<>();
    private final ProgramCache programs;

    LiveRuns(ProgramCache programs) {
        this.programs = programs;
    }

    void add(LiveRun run) {
        byId.put(run.id, run);
    }

    /** The live run {@code runId}, or null when it has ended (or never existed). */
    LiveRun get(long runId) {
        return byId.get(runId);
    }

    boolean contains(long runId) {
        return byId.containsKey(runId);
    }

    /** Removes {@code runId}; answers its live view, or null when it was not live. */
    LiveRun remove(long runId) {
        return byId.remove(runId);
    }

    /** The live run {@code runId}, which must be waiting for something. */
    LiveRun waiting(long runId) {
        LiveRun run = byId.get(runId);
        if (run == null) {
            throw new NotWaitingException("run #" + runId + " is not waiting (it has ended or does not exist)");
        }
        return run;
    }

    /** The live view of a stored run, for runs this process did not start (after a restart). */
    LiveRun revive(Run row) {
        Scope scope = ScopeCodec.decode(row.scopeJson());
        return new LiveRun(row, programs.node(row.programVersionId(), row.nodePath()),
                row.isTop() ? withRunId(scope, row.id()) : scope);
    }

    /** The built-in {@code run_id}: the top run's number, known once its row exists. */
    static Scope withRunId(Scope scope, long topId) {
        return scope.with("run_id", Long.toString(topId));
    }
}
