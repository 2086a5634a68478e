package lurch.server.engine;

import java.util.List;
import java.util.Map;
import lurch.db.Run;
import lurch.interpreter.eval.Outcome;

/**
 * Records a program text that could not be started because it is invalid as a failed top run of its own (no
 * program version; the invalid text is never stored as one), its errors in the run's log.
 */
final class RejectedStart {
    private final Engine engine;

    RejectedStart(Engine engine) {
        this.engine = engine;
    }

    Run record(String program, Map<String, String> data, String creator, List<String> errors) {
        String label = "invalid program" + (errors.isEmpty() ? "" : ": " + errors.getFirst());
        Run row = engine.ctx.stores().runs().createRejected(program, label, creator, Outcome.COULD_NOT_START);
        data.forEach((key, value) -> engine.ctx.stores().runs().putData(row.id(), key, value));
        errors.forEach(error -> engine.ctx.logs().info(row.id(), row.id(), error));
        engine.ctx.logs().flush(row.id());
        engine.ctx.logs().forgetTree(row.id());
        engine.waiters.ended(row);
        return row;
    }
}
