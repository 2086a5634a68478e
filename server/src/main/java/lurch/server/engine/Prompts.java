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
 * the tree's lock, hands the outcome back to the {@link TreeStepper} to step on.
 */
final class Prompts {
    private final TreeStepper stepper;
    private final EngineContext ctx;
    private final LiveRuns live;

    Prompts(TreeStepper stepper, EngineContext ctx, LiveRuns live) {
        this.stepper = stepper;
        this.ctx = ctx;
        this.live = live;
    }

    void awaitApproval(LiveRun run, Step.AwaitApproval approval) {
        Instant deadline = approval.timeout() == null ? null : ctx.now().plus(approval.timeout());
        ctx.stores().prompts().open(new Prompt(run.id, Prompt.Kind.APPROVAL, null, approval.comment(),
                approval.approveOnTimeout() ? "t" : "f", deadline, ctx.now(), null, null, null, null));
        ctx.stores().runs().markWaiting(run.id, WaitingFor.APPROVAL, deadline);
        if (deadline != null) {
            ctx.timers().at(run.id, deadline, () -> settleApproval(run.id, ApprovalDecision.TIMED_OUT, null, "timeout"));
        }
        stepper.notifyChanged(run.id);
    }

    void awaitAnswer(LiveRun run, Step.AwaitAnswer answer) {
        ctx.stores().prompts().open(new Prompt(run.id, Prompt.Kind.ANSWER, answer.name(), answer.comment(),
                answer.defaultValue(), null, ctx.now(), null, null, null, null));
        ctx.stores().runs().markWaiting(run.id, WaitingFor.ANSWER, null);
        stepper.notifyChanged(run.id);
    }

    void settleApproval(long runId, ApprovalDecision decision, String message, String by) {
        LiveRun run = live.waiting(runId);
        stepper.inTree(run.topId, () -> {
            if (!(run.command instanceof Command.Approve approve) || !live.contains(runId)
                    || !ctx.stores().prompts().settle(runId, ctx.now(), by, decision.name().toLowerCase(), message)) {
                throw new NotWaitingException("run #" + runId + " is not waiting for an approval");
            }
            ctx.timers().cancel(runId);
            ctx.logs().info(runId, run.topId, switch (decision) {
                case APPROVED -> "Approved by " + by + (message == null || message.isEmpty() ? "." : ": " + message);
                case REJECTED -> "Rejected by " + by + (message == null || message.isEmpty() ? "." : ": " + message);
                case TIMED_OUT -> "No approval before the timeout: " + (approve.approveOnTimeout() ? "approved." : "expired.");
            });
            ctx.stores().runs().markRunning(runId, ctx.now());
            stepper.advance(run, new Step.Finish(ctx.evaluator().approval(approve, decision)));
        });
    }

    void answer(long runId, String value, String by) {
        LiveRun run = live.waiting(runId);
        stepper.inTree(run.topId, () -> {
            if (!(run.command instanceof Command.Let let) || !live.contains(runId)
                    || !ctx.stores().prompts().settle(runId, ctx.now(), by, value, null)) {
                throw new NotWaitingException("run #" + runId + " is not waiting for an answer");
            }
            ctx.logs().info(runId, run.topId, "Answered by " + by + ": " + let.name() + " = " + value);
            ctx.stores().runs().markRunning(runId, ctx.now());
            stepper.advance(run, ctx.evaluator().answered(let, run.scope, value));
        });
    }
}
