package lurch.interpreter;

import java.util.List;
import java.util.stream.Collectors;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;
import lurch.interpreter.syntax.Numbers;

/** Short one-line names of nodes, as run listings show them. */
final class Labels {

    static final int MAX_LENGTH = 99;

    private Labels() {}

    static String of(Command node) {
        String label = switch (node) {
            case NoOp n -> "no-op " + n.exitCode();
            case Isolate i -> "isolate";
            case Builder.Chroot c -> "chroot " + c.template();
            case Builder.Docker d -> "docker " + d.image();
            case Exec e -> "exec " + e.path() + (e.args().isEmpty() ? "" : " " + String.join(" ", e.args()));
            case Approve a -> "approve \"" + a.comment() + "\"";
            case Let l -> "let " + l.name();
            case Sequence s -> "sequence (" + s.commands().size() + ")";
            case Retry r -> "retry " + r.times() + (r.times() == 1 ? " time" : " times");
            case If i -> "if";
            case Pause p -> "pause " + Numbers.format(p.seconds());
            case Wait w -> "wait " + cron(w);
            case Spawn s -> "spawn " + s.program();
            case For f -> "for " + f.name() + " in " + String.join(" ", f.values());
            case Break b -> "break " + b.levels();
        };
        return shorten(label.replaceAll("\\s+", " ").strip());
    }

    /** The wait's fields as a crontab line would show them: {@code 0 3 * * 1,2}. */
    private static String cron(Wait w) {
        return List.of(w.minutes(), w.hours(), w.monthDays(), w.months(), w.weekDays()).stream()
                .map(field -> field.isEmpty() ? "*" : field.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
    }

    private static String shorten(String label) {
        if (label.length() <= MAX_LENGTH) {
            return label;
        }
        int cut = Character.isHighSurrogate(label.charAt(MAX_LENGTH - 2)) ? MAX_LENGTH - 2 : MAX_LENGTH - 1;
        return label.substring(0, cut) + "…";
    }
}
