package lurch.interpreter.eval;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.Approve;
import lurch.interpreter.ast.Command.Let;

/**
 * A synchronous stand-in for the engine: runs a program through the {@link Evaluator}, performing
 * leaves from a script, and records what it was asked to do.
 */
final class Driver {

    private final Evaluator evaluator;
    final List<String> trace = new ArrayList<>();
    /** Exit code of an exec, given "path arg...". */
    ToIntFunction<String> exec = line -> 0;
    Map<String, String> answers = Map.of();
    Evaluator.ApprovalDecision decision = Evaluator.ApprovalDecision.APPROVED;

    Driver(Clock clock) {
        this.evaluator = new Evaluator(clock);
    }

    Outcome run(Command command, Scope scope) {
        Step step = evaluator.start(command, scope);
        while (true) {
            switch (step) {
                case Step.Finish f -> {
                    return f.outcome();
                }
                case Step.StartChild s -> {
                    Outcome child = run(command.children().get(s.index()), s.scope());
                    step = evaluator.childEnded(command, scope, s.progress(), child);
                }
                case Step.AwaitAnswer a -> {
                    trace.add("ask " + a.name() + " [" + a.defaultValue() + "] " + a.comment());
                    step = evaluator.answered((Let) command, scope, answers.getOrDefault(a.name(), a.defaultValue()));
                }
                case Step.AwaitApproval a -> {
                    trace.add("approve? " + a.comment() + " " + a.timeout() + " " + a.approveOnTimeout());
                    return evaluator.approval((Approve) command, decision);
                }
                case Step.RunExec e -> {
                    String line = String.join(" ", e.path(), String.join(" ", e.args())).strip();
                    trace.add(line + (e.env().isEmpty() ? "" : " " + e.env()) + (e.timeout() == null ? "" : " " + e.timeout()));
                    return Outcome.of(exec.applyAsInt(line));
                }
                case Step.BuildIsolation b -> {
                    trace.add("build " + b.builder());
                    return Outcome.of(exec.applyAsInt("build"));
                }
                case Step.SleepUntil s -> {
                    trace.add("sleep until " + s.until());
                    return Outcome.of(0);
                }
                case Step.SpawnProgram s -> {
                    trace.add("spawn " + s.program());
                    return Outcome.of(0);
                }
            }
        }
    }
}
