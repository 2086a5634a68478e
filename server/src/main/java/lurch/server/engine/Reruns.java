package lurch.server.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.db.Prompt;
import lurch.db.PromptStore;
import lurch.db.Run;
import lurch.db.RunStore;

/**
 * Starts a top run again ("Run again", {@code lurch rerun}): a new top run of the same program version, with the
 * {@code let} answers the first one had (given upfront or answered while it ran) given upfront, the same key-value
 * data (git_commit, ...) and, for a git build, the same commit checked out. Its creator names who re-ran it and the
 * run it repeats: {@code "rerun:12 by user:NAME"}.
 */
public final class Reruns {

    /** Fills a workspace again the way a run's data says it was filled: a git build's checkout. */
    @FunctionalInterface
    public interface Checkouts {
        /** The checkout for a run with {@code data}, or empty when its workspace started empty. */
        Optional<WorkspacePreparation> of(Map<String, String> data);
    }

    /** Thrown when a run cannot be started again, saying why. */
    public static final class CannotRerunException extends RuntimeException {
        private final boolean noSuchRun;

        CannotRerunException(String message, boolean noSuchRun) {
            super(message);
            this.noSuchRun = noSuchRun;
        }

        /** True when the run does not exist (or no longer: retention removed it). */
        public boolean noSuchRun() {
            return noSuchRun;
        }
    }

    private final ProgramStore programs;
    private final RunStore runs;
    private final PromptStore prompts;
    private final RunControl control;
    private final Checkouts checkouts;

    public Reruns(ProgramStore programs, RunStore runs, PromptStore prompts, RunControl control, Checkouts checkouts) {
        this.programs = programs;
        this.runs = runs;
        this.prompts = prompts;
        this.control = control;
        this.checkouts = checkouts;
    }

    /**
     * Starts the top run of {@code runId} again on behalf of {@code by} ("user:NAME").
     *
     * @throws CannotRerunException when there is no such run or its program text was never valid
     */
    public Run rerun(long runId, String by) {
        Run run = runs.get(runId).orElseThrow(() -> new CannotRerunException("no run #" + runId, true));
        Run top = run.isTop() ? run : runs.get(run.topId()).orElseThrow();
        ProgramVersion version = programs.version(top.programVersionId()).orElseThrow(() -> new CannotRerunException(
                "run #" + top.id() + " has no program version to run again (its program text was invalid)", false));
        Map<String, String> data = runs.data(top.id());
        return control.start(version, answers(top), data, "rerun:" + top.id() + " by " + by,
                checkouts.of(data).orElse(null));
    }

    /** The answers of the tree's {@code let}s: those given upfront, then those given while it ran. */
    private Map<String, String> answers(Run top) {
        Map<String, String> answers = new HashMap<>(ScopeCodec.decode(top.scopeJson()).presets());
        for (Run run : runs.subtree(top.id())) {
            if (run.command().equals("let")) {
                prompts.get(run.id()).filter(p -> p.kind() == Prompt.Kind.ANSWER && !p.isOpen() && p.result() != null)
                        .ifPresent(p -> answers.put(p.name(), p.result()));
            }
        }
        return answers;
    }
}
