package lurch.server.engine;

import java.util.List;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.interpreter.Diagnostic;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Command;

/**
 * The one way program versions are written (API, web editor, git builds): only valid text, stored in its canonical
 * form. Each write answers the version it stored, and a caller that goes on to start a run starts that version
 * ({@link RunControl#start(ProgramVersion, java.util.Map, java.util.Map, String, WorkspacePreparation)}), never
 * whichever is the latest by then.
 */
public final class ProgramVersions {

    /** What became of a text given to {@link #save}. */
    public sealed interface Saved {}

    /** Stored as {@code version}. */
    public record Stored(ProgramVersion version) implements Saved {}

    /** Not stored: the text has {@code errors}. */
    public record Invalid(List<Diagnostic> errors) implements Saved {}

    private final ProgramStore store;

    public ProgramVersions(ProgramStore store) {
        this.store = store;
    }

    /** Stores {@code text} as the next version of program {@code name} if it is valid. */
    public Saved save(String name, String text, String author) {
        Programs.Parsed parsed = Programs.parse(text);
        if (!parsed.ok()) {
            return new Invalid(parsed.diagnostics());
        }
        return new Stored(store.saveVersion(name, Programs.print(parsed.program()), author));
    }

    /**
     * The version of {@code name} whose text is {@code program}: the latest when its text is the same (so building a
     * commit again adds no version), else a new one.
     */
    public ProgramVersion saveIfChanged(String name, Command program, String author) {
        String canonical = Programs.print(program);
        return store.latest(name).filter(latest -> latest.source().equals(canonical))
                .orElseGet(() -> store.saveVersion(name, canonical, author));
    }

    /** Stores a pull or merge request's {@code program} as a version of {@code name} that never becomes the latest. */
    public ProgramVersion savePullRequest(String name, Command program, String author) {
        return store.savePullRequestVersion(name, Programs.print(program), author);
    }
}
