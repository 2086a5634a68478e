package lurch.server.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.db.Prompt;
import lurch.db.PromptStore;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import lurch.server.api.GitData;
import lurch.server.api.RunTree;

/** The model of {@code /runs/ID}: the run's tree with the actions that apply, its git data and a page of its logs. */
final class RunView {

    /**
     * A sub-run as a row of the tree; {@code prompt} is set while it waits for an approval or an answer, {@code worker}
     * when it ran on a worker.
     */
    public record Row(long id, int depth, String command, String label, String status, String waitingFor, String exitCode,
               String duration, String cpu, String memory, boolean cancellable, Prompt prompt, String worker) {
        public boolean waitsForApproval() {
            return prompt != null && prompt.kind() == Prompt.Kind.APPROVAL;
        }

        public boolean waitsForAnswer() {
            return prompt != null && prompt.kind() == Prompt.Kind.ANSWER;
        }
    }

    /** Runs of a tree shown on one page. */
    static final int MAX_ROWS = 500;

    private final RunStore runs;
    private final LogStore logs;
    private final PromptStore prompts;

    RunView(RunStore runs, LogStore logs, PromptStore prompts) {
        this.runs = runs;
        this.logs = logs;
        this.prompts = prompts;
    }

    /**
     * The page of run {@code id}: at most {@link #MAX_ROWS} runs of its tree after run {@code runsAfter} (a run
     * with 100,000 children is shown a page at a time; sums over a running run count the runs shown), the log
     * of the whole tree or of {@code onlyRunId}, from after seq {@code after} (null: the newest page).
     */
    Map<String, Object> model(long id, Long onlyRunId, Long after, long runsAfter) {
        Run root = runs.get(id).orElseThrow(() -> PageException.notFound("no run #" + id));
        List<Run> page = new ArrayList<>();
        if (runsAfter >= id) {
            page.add(root);
        }
        page.addAll(runs.subtree(id, runsAfter, MAX_ROWS + 1));
        boolean more = page.size() > MAX_ROWS + (runsAfter >= id ? 1 : 0);
        if (more) {
            page.removeLast();
        }
        RunTree tree = RunTree.of(page);
        long scope = onlyRunId == null ? id : onlyRunId;
        Run scopeRun = scope == id ? root : runs.get(scope).orElse(null);
        if (scopeRun == null || scopeRun.topId() != root.topId() || !scopeRun.lineage().startsWith(root.lineage())) {
            throw PageException.badRequest("run #" + scope + " is not part of run #" + id + ": pick one of its sub-runs");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("run", root);
        model.put("programLink", Links.program(root.programName()));
        model.put("rows", page.stream().map(run -> row(tree, run)).toList());
        // the worker column only for trees with runs on workers: a tree the server ran alone looks as it always did
        model.put("onWorkers", page.stream().anyMatch(run -> run.worker() != null));
        model.put("moreRunsAfter", more ? page.getLast().id() : null);
        model.put("git", gitData(root.topId()));
        model.put("logs", LogPage.read(logs, root.topId(), scope, after));
        model.put("live", !root.status().isFinal());
        return model;
    }

    /** Line {@code seq} of run {@code runId}'s own output. */
    Optional<LogLine> line(long runId, long seq) {
        return logs.read(runId, seq - 1, 1).stream().filter(l -> l.seq() == seq && l.runId() == runId).findFirst();
    }

    private Row row(RunTree tree, Run run) {
        Usage usage = tree.totals().get(run.id());
        boolean asksPerson = run.waitingFor() == WaitingFor.APPROVAL || run.waitingFor() == WaitingFor.ANSWER;
        Prompt prompt = asksPerson ? prompts.get(run.id()).filter(Prompt::isOpen).orElse(null) : null;
        return new Row(run.id(), tree.depth(run), run.command(), run.label(), run.status().dbName(),
                run.waitingFor() == null ? "" : run.waitingFor().dbName(), Figures.exitCode(run.exitCode()),
                Figures.seconds(Figures.duration(run.started(), run.stopped())),
                Figures.seconds(usage.cpuUserSeconds() + usage.cpuSystemSeconds()),
                Figures.bytes(usage.memoryPeakBytes()), !run.status().isFinal(), prompt, run.worker());
    }

    /** The git data of a git-started run (repository, ref, commit and its link, author, message); empty otherwise. */
    private Map<String, String> gitData(long topId) {
        return GitData.of(runs.data(topId));
    }
}
