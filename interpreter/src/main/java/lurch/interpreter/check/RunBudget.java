package lurch.interpreter.check;

import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;

/**
 * How many runs a program can make at most, so that no program can flood the database: a retry makes
 * at most {@link #MAX_ATTEMPTS} attempts, a for loop has at most {@link #MAX_VALUES} values, and the
 * whole program, with every retry making all its attempts and every loop all its iterations, at most
 * {@link #MAX_RUNS} runs. Walks the tree recursively: the parser bounds its depth.
 */
final class RunBudget {
    static final int MAX_ATTEMPTS = 1000;
    static final int MAX_VALUES = 1000;
    static final long MAX_RUNS = 100_000;

    private RunBudget() {}

    static void check(Validator v, Command program) {
        Command at = program;
        long runs = worstCase(program);
        if (runs <= MAX_RUNS) {
            return;
        }
        // Blame the innermost command that alone goes over: the loop or retry that multiplies too much.
        for (Command child = over(at); child != null; child = over(at)) {
            at = child;
        }
        String message = "this " + at.keyword() + " can make more than " + MAX_RUNS
                + " runs (counting every attempt and iteration), the most a program may make";
        switch (at) {
            case Retry r -> v.report(v.sourceMap().argument(r, 1), message);
            case For f -> v.report(v.sourceMap().argument(f, 1), message);
            default -> v.report(v.at(at), message);
        }
    }

    /** The child of {@code command} that alone makes more than the limit, or null. */
    private static Command over(Command command) {
        return command.children().stream().filter(c -> worstCase(c) > MAX_RUNS).findFirst().orElse(null);
    }

    /** The most runs {@code command} can make, itself included; saturates above the limit. */
    static long worstCase(Command command) {
        long runs = switch (command) {
            // Counts over their own limits are reported by those: counted at the limit here.
            case Retry r -> times(Math.clamp(r.times(), 0, MAX_ATTEMPTS), worstCase(r.body()));
            case For f -> times(Math.min(f.values().size(), MAX_VALUES), worstCase(f.body()));
            case If i -> worstCase(i.condition()) + Math.max(worstCase(i.then()), worstCase(i.otherwise()));
            default -> command.children().stream().mapToLong(RunBudget::worstCase).reduce(0, RunBudget::plus);
        };
        return plus(runs, 1);
    }

    private static long times(long count, long runs) {
        return count == 0 ? 0 : runs > (MAX_RUNS + 1) / count ? MAX_RUNS + 1 : count * runs;
    }

    private static long plus(long a, long b) {
        return Math.min(a + b, MAX_RUNS + 1);
    }
}
