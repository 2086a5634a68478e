package lurch.interpreter.eval;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;

/**
 * The semantics of the language as a state machine over runs, free of any I/O.
 *
 * <p>The engine keeps, for each run, its command, its {@link Scope} and one integer of progress
 * (which child it is at, or how many attempts it made). It calls {@link #start} when the run starts
 * and {@link #childEnded} each time a child run ends; the {@link Step} answered tells it what to do.
 * Because the whole state is that integer and the scope, a run can be resumed from the database.
 */
public final class Evaluator {

    private final Clock clock;

    public Evaluator(Clock clock) {
        this.clock = clock;
    }

    /** The first step of a run of {@code command}. */
    public Step start(Command command, Scope scope) {
        return switch (command) {
            case NoOp n -> finish(n.exitCode());
            case Break b -> new Step.Finish(new Outcome(0, b.levels()));
            case Builder.Chroot c -> new Step.BuildIsolation(new Builder.Chroot(scope.expand(c.template())));
            case Builder.Docker d -> new Step.BuildIsolation(new Builder.Docker(scope.expand(d.image())));
            case Exec e -> new Step.RunExec(scope.expand(e.path()), expandAll(e.args(), scope),
                    expandAll(e.env(), scope), seconds(e.timeoutSeconds()));
            case Approve a -> new Step.AwaitApproval(seconds(a.timeoutSeconds()), scope.expand(a.comment()),
                    a.approveOnTimeout());
            case Let l -> l.name() != null && scope.presets().containsKey(l.name())
                    ? answered(l, scope, scope.presets().get(l.name()))
                    : new Step.AwaitAnswer(l.name(), scope.expand(l.defaultValue()), scope.expand(l.comment()));
            case Pause p -> new Step.SleepUntil(clock.instant().plus(seconds(p.seconds())));
            case Wait w -> new Step.SleepUntil(CronSpec.of(w).next(ZonedDateTime.now(clock)).toInstant());
            case Spawn s -> new Step.SpawnProgram(scope.expand(s.program()));
            case Isolate i -> new Step.StartChild(0, scope, 0);
            case Sequence s -> s.commands().isEmpty() ? finish(0) : new Step.StartChild(0, scope, 0);
            case Retry r -> r.times() < 1 ? finish(0) : new Step.StartChild(0, scope, 1);
            case If i -> new Step.StartChild(0, scope, 0);
            case For f -> f.values().isEmpty() ? finish(0)
                    : new Step.StartChild(0, scope.with(f.name(), f.values().get(0)), 0);
        };
    }

    /** The value of a {@code let} is known: run its body with the variable bound. */
    public Step answered(Let let, Scope scope, String value) {
        return new Step.StartChild(0, scope.with(let.name(), value), 0);
    }

    /** The outcome of an approval: approved, rejected by a person, or expired. */
    public Outcome approval(Approve approve, ApprovalDecision decision) {
        return switch (decision) {
            case APPROVED -> Outcome.of(0);
            case REJECTED -> Outcome.of(1);
            case TIMED_OUT -> approve.approveOnTimeout() ? Outcome.of(0) : Outcome.of(Outcome.EXPIRED);
        };
    }

    /** A child run ended with {@code child}; {@code progress} is what the last step asked to persist. */
    public Step childEnded(Command command, Scope scope, int progress, Outcome child) {
        if (child.exitCode() == Outcome.CANCELLED && !command.children().isEmpty()) {
            return new Step.Finish(child); // a person stopped this branch: no retry, no else, no next item
        }
        return switch (command) {
            case Isolate i -> progress == 0 && child.exitCode() == 0 && !child.isBreak()
                    ? new Step.StartChild(1, scope, 1) : new Step.Finish(child);
            case Sequence s -> stops(child) || progress + 1 >= s.commands().size()
                    ? new Step.Finish(child) : new Step.StartChild(progress + 1, scope, progress + 1);
            case Retry r -> child.exitCode() == 0 || child.isBreak() || progress >= r.times()
                    ? new Step.Finish(child) : new Step.StartChild(0, scope, progress + 1);
            case If i -> progress != 0 || child.isBreak() ? new Step.Finish(child)
                    : child.exitCode() == 0 ? new Step.StartChild(1, scope, 1) : new Step.StartChild(2, scope, 2);
            case Let l -> new Step.Finish(child);
            case For f -> forChildEnded(f, scope, progress, child);
            default -> throw new IllegalArgumentException(command.keyword() + " has no children");
        };
    }

    private static Step forChildEnded(For loop, Scope scope, int progress, Outcome child) {
        if (child.isBreak()) {
            return new Step.Finish(new Outcome(0, child.breakLevels() - 1));
        }
        if (child.exitCode() != 0 || progress + 1 >= loop.values().size()) {
            return new Step.Finish(child);
        }
        int next = progress + 1;
        return new Step.StartChild(0, scope.with(loop.name(), loop.values().get(next)), next);
    }

    /** A sequence or retry stops at a non-zero exit code or a break. */
    private static boolean stops(Outcome child) {
        return child.exitCode() != 0 || child.isBreak();
    }

    private static Step finish(int exitCode) {
        return new Step.Finish(Outcome.of(exitCode));
    }

    private static List<String> expandAll(List<String> texts, Scope scope) {
        return texts.stream().map(scope::expand).toList();
    }

    private static Duration seconds(Double seconds) {
        return seconds == null ? null : Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** How a waiting approval was settled. */
    public enum ApprovalDecision { APPROVED, REJECTED, TIMED_OUT }
}
