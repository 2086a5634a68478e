package lurch.interpreter.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import lurch.interpreter.Diagnostic;
import lurch.interpreter.Position;
import lurch.interpreter.SourceMap;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;

/**
 * The rules a well-formed program obeys beyond its syntax: where commands may stand and which values
 * make sense. Reports every broken rule, each at the argument (or list item) that breaks it.
 */
public final class Validator {

    /** The chroot templates the isolation knows how to populate. */
    public static final Set<String> CHROOT_TEMPLATES = Set.of("busybox");

    private final SourceMap sourceMap;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private Validator(SourceMap sourceMap) {
        this.sourceMap = sourceMap;
    }

    /** The broken rules of {@code program}, in source order; {@code sourceMap} must come from parsing it. */
    public static List<Diagnostic> validate(Command program, SourceMap sourceMap) {
        Validator validator = new Validator(sourceMap);
        validator.check(program, Place.TOP);
        RunBudget.check(validator, program);
        return validator.diagnostics.stream()
                .sorted(Comparator.comparing((Diagnostic d) -> d.position().line()).thenComparing(d -> d.position().column()))
                .toList();
    }

    /** Where a command stands: inside which isolate (null for none), and whether in its builder slot. */
    private record Place(Isolate isolate, boolean builderSlot) {
        static final Place TOP = new Place(null, false);

        Place child() {
            return new Place(isolate, false);
        }
    }

    private void check(Command command, Place place) {
        if (command instanceof Builder b && !place.builderSlot()) {
            report(at(b), b.keyword() + " builds an isolation: it can only be the first argument of isolate");
        }
        switch (command) {
            case NoOp n -> require(n.exitCode() >= 0 && n.exitCode() <= 255, n, 0,
                    "the exit code of no-op must be between 0 and 255, found " + n.exitCode());
            case Isolate i -> isolate(i, place);
            case Builder.Chroot c -> Rules.template(this, c);
            case Builder.Docker d -> Rules.image(this, d);
            case Exec e -> {
                require(place.isolate() != null, e, -1,
                        "exec runs a process, so it must be inside the body of an isolate");
                Rules.exec(this, e);
            }
            case Approve a -> Rules.seconds(this, a, 0, a.timeoutSeconds(), "the timeout of approve");
            case Let l -> Rules.name(this, l, l.name());
            case Retry r -> {
                require(r.times() >= 1, r, 1, "retry makes at least 1 attempt, found " + r.times());
                require(r.times() <= RunBudget.MAX_ATTEMPTS, r, 1,
                        "retry makes at most " + RunBudget.MAX_ATTEMPTS + " attempts, found " + r.times());
            }
            case Pause p -> Rules.seconds(this, p, 0, p.seconds(), "the duration of pause");
            case Wait w -> WaitRules.check(this, w);
            case Spawn s -> require(!s.program().isBlank(), s, 0, "spawn needs the name of a program, found an empty string");
            case For f -> {
                Rules.name(this, f, f.name());
                require(f.values().size() <= RunBudget.MAX_VALUES, f, 1,
                        "for takes at most " + RunBudget.MAX_VALUES + " values, found " + f.values().size());
            }
            case Break b -> require(b.levels() >= 1, b, 0, "break leaves at least 1 loop, found " + b.levels());
            case Sequence s -> { }
            case If i -> { }
        }
        if (!(command instanceof Isolate)) {
            command.children().forEach(child -> check(child, place.child()));
        }
    }

    private void isolate(Isolate isolate, Place place) {
        if (place.isolate() != null) {
            report(at(isolate), "isolate cannot be nested: this one is inside the isolate at "
                    + at(place.isolate()));
        }
        Isolate outermost = place.isolate() != null ? place.isolate() : isolate;
        check(isolate.builder(), new Place(outermost, true));
        check(isolate.body(), new Place(outermost, false));
    }

    void require(boolean ok, Command command, int argument, String message) {
        if (!ok) {
            report(argument < 0 ? at(command) : sourceMap.argument(command, argument), message);
        }
    }

    void report(Position position, String message) {
        diagnostics.add(new Diagnostic(position, message));
    }

    Position at(Command command) {
        return sourceMap.position(command).orElseThrow(
                () -> new IllegalArgumentException("the source map does not cover " + command.keyword()));
    }

    SourceMap sourceMap() {
        return sourceMap;
    }
}
