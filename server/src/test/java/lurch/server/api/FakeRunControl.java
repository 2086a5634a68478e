package lurch.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import lurch.db.NewRun;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.RunStore;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import lurch.server.engine.RunControl;
import lurch.server.engine.WorkspacePreparation;
import lurch.server.engine.RunListener;

/** Our engine port without an engine: creates and ends runs in the real store and records what it was asked. */
public final class FakeRunControl implements RunControl {

    public record Call(String action, long run, String detail, String by) {}

    public record Started(String program, Map<String, String> presets, String creator) {}

    public final List<Started> started = new CopyOnWriteArrayList<>();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<Run>> finished = new ConcurrentHashMap<>();
    private final ProgramStore programs;
    private final RunStore runs;

    public FakeRunControl(ProgramStore programs, RunStore runs) {
        this.programs = programs;
        this.runs = runs;
    }

    @Override
    public ProgramVersion latest(String program) {
        return programs.latest(program).orElseThrow(() -> new NoSuchProgramException(program));
    }

    @Override
    public Run start(ProgramVersion version, Map<String, String> presets, Map<String, String> data, String creator,
                     WorkspacePreparation preparation) {
        started.add(new Started(version.name(), Map.copyOf(presets), creator));
        return runs.create(new NewRun(null, version.id(), "", "no-op", "no-op 0", creator, "{}"));
    }

    /** A run below {@code parent}, as the engine would create for a sub-command. */
    public Run child(Run parent, String command) {
        return runs.create(new NewRun(parent.id(), parent.programVersionId(), "0", command, command, null, "{}"));
    }

    /** Ends a run as the engine would, waking long polls and log followers. */
    public void end(long id, RunStatus status, int exitCode, Usage usage) {
        runs.finish(id, status, Instant.now(), exitCode, 0, usage);
        Run run = runs.get(id).orElseThrow();
        listeners.forEach(l -> l.runChanged(run));
        future(id).complete(run);
    }

    public void linesStored(long topRunId, long lastSeq) {
        listeners.forEach(l -> l.linesStored(topRunId, lastSeq));
    }

    @Override
    public Optional<Run> start(ProgramVersion version, Map<String, String> presets, String creator, StartClaim claim) {
        return claim.claim(() -> start(version, presets, Map.of(), creator, null).id()).flatMap(runs::get);
    }

    @Override
    public Run reject(String program, Map<String, String> data, String creator, List<String> errors) {
        throw new UnsupportedOperationException("the API never rejects programs");
    }

    @Override
    public void resumePreparations(lurch.server.engine.WorkspacePreparation.Source source) {
        throw new UnsupportedOperationException("the API never resumes runs");
    }

    @Override
    public void note(long runId, String text) {
        calls.add(new Call("note", runId, text, null));
    }

    @Override
    public boolean cancel(long runId, String by) {
        calls.add(new Call("cancel", runId, null, by));
        boolean cancelled = runs.finish(runId, RunStatus.CANCELLED, Instant.now(), -130, 0, Usage.NONE);
        future(runId).complete(runs.get(runId).orElseThrow());
        return cancelled;
    }

    @Override
    public void approve(long runId, boolean approved, String message, String by) {
        requireWaiting(runId, WaitingFor.APPROVAL);
        calls.add(new Call(approved ? "approve" : "reject", runId, message, by));
    }

    @Override
    public void answer(long runId, String value, String by) {
        requireWaiting(runId, WaitingFor.ANSWER);
        calls.add(new Call("answer", runId, value, by));
    }

    @Override
    public CompletableFuture<Run> whenFinished(long runId) {
        Run run = runs.get(runId).orElseThrow();
        return run.status().isFinal() ? CompletableFuture.completedFuture(run) : future(runId);
    }

    @Override
    public void addListener(RunListener listener) {
        listeners.add(listener);
    }

    private CompletableFuture<Run> future(long id) {
        return finished.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    private void requireWaiting(long runId, WaitingFor what) {
        if (runs.get(runId).map(Run::waitingFor).orElse(null) != what) {
            throw new NotWaitingException("run #" + runId + " is not waiting for " + what.dbName());
        }
    }
}
