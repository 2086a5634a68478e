package lurch.interpreter.ast;

import java.util.List;

/**
 * A node of a program: every command of the language is one record here.
 *
 * <p>Records carry no source positions, so two programs that print the same are equal;
 * the parser reports positions separately (see {@code lurch.interpreter.SourceMap}).
 * {@link #children()} gives the sub-commands in a fixed order: the engine addresses
 * a node by the path of child indices from the root.
 */
public sealed interface Command
        permits Command.NoOp, Command.Isolate, Builder, Command.Exec, Command.Approve, Command.Let,
                Command.Sequence, Command.Retry, Command.If, Command.Pause, Command.Wait,
                Command.Spawn, Command.For, Command.Break {

    /** The sub-commands, in evaluation order; empty for leaves. */
    default List<Command> children() {
        return List.of();
    }

    /** The keyword that starts this command in the source, e.g. {@code "exec"}. */
    String keyword();

    /** {@code (no-op n)}: does nothing, exits with code n. */
    record NoOp(int exitCode) implements Command {
        public String keyword() { return "no-op"; }
    }

    /** {@code (isolate BUILDER BODY)}: builds the isolation, then runs BODY in it. */
    record Isolate(Builder builder, Command body) implements Command {
        public List<Command> children() { return List.of(builder, body); }
        public String keyword() { return "isolate"; }
    }

    /** {@code (exec "path" (args...) (env...) timeout)}; timeout in seconds, null for none. */
    record Exec(String path, List<String> args, List<String> env, Double timeoutSeconds) implements Command {
        public Exec {
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
        public String keyword() { return "exec"; }
    }

    /** {@code (approve timeout "comment" default)}; timeout in seconds, null to wait forever. */
    record Approve(Double timeoutSeconds, String comment, boolean approveOnTimeout) implements Command {
        public String keyword() { return "approve"; }
    }

    /** {@code (let name "default" "comment" BODY)}: asks a person for the value of {@code name}. */
    record Let(String name, String defaultValue, String comment, Command body) implements Command {
        public List<Command> children() { return List.of(body); }
        public String keyword() { return "let"; }
    }

    /** {@code (sequence C...)}: runs each in order, stops at the first non-zero exit code. */
    record Sequence(List<Command> commands) implements Command {
        public Sequence {
            commands = List.copyOf(commands);
        }
        public List<Command> children() { return commands; }
        public String keyword() { return "sequence"; }
    }

    /** {@code (retry C n)}: runs C at most n times, until it exits with 0. */
    record Retry(Command body, int times) implements Command {
        public List<Command> children() { return List.of(body); }
        public String keyword() { return "retry"; }
    }

    /** {@code (if C THEN ELSE)}: THEN when C exits with 0, ELSE otherwise. */
    record If(Command condition, Command then, Command otherwise) implements Command {
        public List<Command> children() { return List.of(condition, then, otherwise); }
        public String keyword() { return "if"; }
    }

    /** {@code (pause seconds)}. */
    record Pause(double seconds) implements Command {
        public String keyword() { return "pause"; }
    }

    /** {@code (wait (min...) (hour...) (mday...) (month...) (wday...))}: cron fields, empty = any. */
    record Wait(List<Integer> minutes, List<Integer> hours, List<Integer> monthDays,
                List<Integer> months, List<Integer> weekDays) implements Command {
        public Wait {
            minutes = List.copyOf(minutes);
            hours = List.copyOf(hours);
            monthDays = List.copyOf(monthDays);
            months = List.copyOf(months);
            weekDays = List.copyOf(weekDays);
        }
        public String keyword() { return "wait"; }
    }

    /** {@code (spawn "program")}: starts the named program as a new top run. */
    record Spawn(String program) implements Command {
        public String keyword() { return "spawn"; }
    }

    /** {@code (for name ("v1" ...) BODY)}: runs BODY once per value, bound to {@code name}. */
    record For(String name, List<String> values, Command body) implements Command {
        public For {
            values = List.copyOf(values);
        }
        public List<Command> children() { return List.of(body); }
        public String keyword() { return "for"; }
    }

    /** {@code (break n)}: leaves the n innermost {@code for} loops. */
    record Break(int levels) implements Command {
        public String keyword() { return "break"; }
    }
}
