package lurch.server.engine;

import java.time.Instant;
import lurch.db.Prompt;
import lurch.db.WaitingFor;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Evaluator.ApprovalDecision;
import lurch.interpreter.eval.Step;
import lurch.server.engine.RunControl.NotWaitingException;

/**
 * The steps that wait for a person: an {@code approve} (settled by approval, rejection or its timeout) and a
 * {@code let} (settled by an answer). Each opens a stored prompt, marks its run waiting and, once settled under
 * the tree's lock, hands the outcome back to the {@link Engine} to step on.
 */
final class Prompts {
    private final Engine engine;

    Prompts(Engine engine) {
        this.engine = engine;
    }

    void awaitApproval(LiveRun run, Step.AwaitApproval approval) {
        Instant deadline = approval.timeout() == null ? null : engine.now().plus(approval.timeout());
        engine.ctx.stores().prompts().open(new Prompt(run.id, Prompt.Kind.APPROVAL, null, approval.comment(),
                approval.approveOnTimeout() ? "t" : "f", deadline, engine.now(), null, null, null, null));
        engine.ctx.stores().runs().markWaiting(run.id, WaitingFor.APPROVAL, deadline);
        if (deadline != null) {
            engine.ctx.timers().at(run.id, deadline, () -> settleApproval(run.id, ApprovalDecision.TIMED_OUT, null, "timeout"));
        }
        engine.notifyChanged(run.id);
    }

    void awaitAnswer(LiveRun run, Step.AwaitAnswer answer) {
        engine.ctx.stores().prompts().open(new Prompt(run.id, Prompt.Kind.ANSWER, answer.name(), answer.comment(),
                answer.defaultValue(), null, engine.now(), null, null, null, null));
        engine.ctx.stores().runs().markWaiting(run.id, WaitingFor.ANSWER, null);
        engine.notifyChanged(run.id);
    }

    void settleApproval(long runId, ApprovalDecision decision, String message, String by) {
        LiveRun run = engine.liveTree(runId);
        engine.locks.inTree(run.topId, () -> {
            if (!(run.command instanceof Command.Approve approve) || !engine.live.containsKey(runId)
                    || !engine.ctx.stores().prompts().settle(runId, engine.now(), by, decision.name().toLowerCase(), message)) {
                throw new NotWaitingException("run #" + runId + " is not waiting for an approval");
            }
            engine.ctx.timers().cancel(runId);
            engine.ctx.logs().info(runId, run.topId, switch (decision) {
                case APPROVED -> "Approved by " + by + (message == null || message.isEmpty() ? "." : ": " + message);
                case REJECTED -> "Rejected by " + by + (message == null || message.isEmpty() ? "." : ": " + message);
                case TIMED_OUT -> "No approval before the timeout: " + (approve.approveOnTimeout() ? "approved." : "expired.");
            });
            engine.ctx.stores().runs().markRunning(runId, engine.now());
            engine.advance(run, new Step.Finish(engine.evaluator.approval(approve, decision)));
        });
    }

    void answer(long runId, String value, String by) {
        LiveRun run = engine.liveTree(runId);
        engine.locks.inTree(run.topId, () -> {
            if (!(run.command instanceof Command.Let let) || !engine.live.containsKey(runId)
                    || !engine.ctx.stores().prompts().settle(runId, engine.now(), by, value, null)) {
                throw new NotWaitingException("run #" + runId + " is not waiting for an answer");
            }
            engine.ctx.logs().info(runId, run.topId, "Answered by " + by + ": " + let.name() + " = " + value);
            engine.ctx.stores().runs().markRunning(runId, engine.now());
            engine.advance(run, engine.evaluator.answered(let, run.scope, value));
        });
    }
}
