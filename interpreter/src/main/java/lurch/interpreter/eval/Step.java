package lurch.interpreter.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lurch.interpreter.ast.Builder;

/**
 * What the engine must do next for one run, as decided by the {@link Evaluator}.
 *
 * <p>Composite commands answer {@link StartChild} or {@link Finish}. Leaves answer one of the
 * other steps: the engine performs it, and ends the leaf's run with the resulting {@link Outcome}.
 * Every string in a step is already expanded against the run's {@link Scope}.
 */
public sealed interface Step {

    /** Start a run of child number {@code index} with {@code scope}; persist {@code progress} on the parent. */
    record StartChild(int index, Scope scope, int progress) implements Step {}

    /** The run is over. */
    record Finish(Outcome outcome) implements Step {}

    /** Run a process in the enclosing isolation. {@code timeout} is null for none. */
    record RunExec(String path, List<String> args, List<String> env, Duration timeout) implements Step {
        public RunExec {
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
    }

    /** Build the isolation that the enclosing {@code isolate}'s body will run in. */
    record BuildIsolation(Builder builder) implements Step {}

    /** Wait for a person's approval; {@code timeout} null waits forever. */
    record AwaitApproval(Duration timeout, String comment, boolean approveOnTimeout) implements Step {}

    /** Wait for a person to give the value of a {@code let}; then call {@link Evaluator#answered}. */
    record AwaitAnswer(String name, String defaultValue, String comment) implements Step {}

    /** Wait until {@code until}, then end with exit code 0. */
    record SleepUntil(Instant until) implements Step {}

    /** Start the named program as a new top run, then end with 0 (or -132 when rate limited). */
    record SpawnProgram(String program) implements Step {}
}
