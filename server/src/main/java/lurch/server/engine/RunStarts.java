package lurch.server.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import lurch.db.NewRun;
import lurch.db.ProgramVersion;
import lurch.db.Run;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Scope;
import lurch.interpreter.eval.Step;

/**
 * New top runs: started from a program version (a workspace preparation, a git checkout, first when there is one),
 * spawned by a program within the spawn rate limit, or recorded as rejected when their text is invalid. Also the
 * top runs a previous server created with data but did not start, which begin once their preparation can run again.
 */
final class RunStarts {
    private final TreeStepper stepper;
    private final EngineContext ctx;
    private final LiveRuns live;
    private final RunTimeouts timeouts;
    private final RunCounts counts;
    private final Waiters waiters;
    private final SpawnRateLimit spawnLimit;
    /** Top runs a previous server created with data but did not start: {@link #resumePreparations} starts them. */
    private final List<LiveRun> unprepared = new CopyOnWriteArrayList<>();

    RunStarts(TreeStepper stepper, EngineContext ctx, LiveRuns live, RunTimeouts timeouts, RunCounts counts,
              Waiters waiters) {
        this.stepper = stepper;
        this.ctx = ctx;
        this.live = live;
        this.timeouts = timeouts;
        this.counts = counts;
        this.waiters = waiters;
        this.spawnLimit = new SpawnRateLimit(ctx.settings().spawnsPerMinute(), ctx.clock());
    }

    ProgramVersion latest(String program) {
        return ctx.stores().programs().latest(program).orElseThrow(() -> new RunControl.NoSuchProgramException(program));
    }

    Run start(ProgramVersion version, Map<String, String> presets, Map<String, String> data, String creator,
              WorkspacePreparation preparation) {
        LiveRun run = create(version, presets, data, creator);
        unlessCancelled(run, () -> prepareAndBegin(run, preparation));
        return ctx.stores().runs().get(run.id).orElseThrow();
    }

    Optional<Run> start(ProgramVersion version, Map<String, String> presets, String creator,
                        RunControl.StartClaim claim) {
        LiveRun[] created = new LiveRun[1];
        Optional<Long> claimed;
        try {
            claimed = claim.claim(() -> {
                created[0] = create(version, presets, Map.of(), creator);
                return created[0].id;
            });
        } catch (RuntimeException e) {
            if (created[0] != null) { // rolled back with the claim
                live.remove(created[0].id);
                ctx.logs().forgetTree(created[0].id);
                timeouts.disarm(created[0].id);
            }
            throw e;
        }
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        LiveRun run = created[0];
        unlessCancelled(run, () -> stepper.begin(run));
        return ctx.stores().runs().get(run.id);
    }

    /** A top run a previous server created with data (a git build) and did not start: it waits for its preparation. */
    void awaitPreparation(LiveRun run) {
        unprepared.add(run);
    }

    void resumePreparations(WorkspacePreparation.Source source) {
        for (LiveRun run : unprepared) {
            unlessCancelled(run, () -> {
                var preparation = source.of(ctx.stores().runs().data(run.id));
                if (preparation.isPresent()) {
                    ctx.info(run, "Lurch restarted before this run began: preparing its workspace again.");
                    ctx.workspaces().delete(run.topId);
                }
                prepareAndBegin(run, preparation.orElse(null));
            });
        }
        unprepared.clear();
    }

    /**
     * Fills the workspace of {@code run} with {@code preparation}, if any, then begins the run; a preparation that
     * fails ends it as could-not-start with the reason in its log. Under the tree's lock.
     */
    private void prepareAndBegin(LiveRun run, WorkspacePreparation preparation) {
        if (preparation != null) {
            try {
                preparation.prepare(run.id, ctx.workspaces().of(run.topId));
            } catch (Exception e) {
                ctx.stores().runs().markRunning(run.id, ctx.now());
                ctx.info(run, "Preparing the workspace failed: " + e.getMessage());
                stepper.advance(run, new Step.Finish(Outcome.of(Outcome.COULD_NOT_START)));
                return;
            }
        }
        stepper.begin(run);
    }

    /**
     * Records a program text that could not be started because it is invalid as a failed top run of its own (no
     * program version; the invalid text is never stored as one), its errors in the run's log.
     */
    Run reject(String program, Map<String, String> data, String creator, List<String> errors) {
        String label = "invalid program" + (errors.isEmpty() ? "" : ": " + errors.getFirst());
        Run row = ctx.stores().runs().createRejected(program, label, creator, Outcome.COULD_NOT_START);
        data.forEach((key, value) -> ctx.stores().runs().putData(row.id(), key, value));
        errors.forEach(error -> ctx.logs().info(row.id(), row.id(), error));
        ctx.logs().flush(row.id());
        ctx.logs().forgetTree(row.id());
        waiters.ended(row);
        return row;
    }

    /** Starts the latest version of {@code program} as a new top run, within the spawn rate limit. */
    Outcome spawn(LiveRun run, String program) {
        if (!spawnLimit.tryAcquire()) {
            ctx.info(run, "Spawn of '" + program + "' refused: more than " + ctx.settings().spawnsPerMinute()
                    + " spawns in the last minute.");
            return Outcome.of(Outcome.RATE_LIMITED);
        }
        try {
            LiveRun spawned = create(latest(program), Map.of(), Map.of(), "spawn:" + run.id);
            Thread.ofVirtual().start(() -> unlessCancelled(spawned, () -> stepper.begin(spawned)));
            ctx.info(run, "Spawned program " + program + " as run #" + spawned.id + ".");
            return Outcome.of(0);
        } catch (RunControl.NoSuchProgramException e) {
            ctx.info(run, "Cannot spawn: " + e.getMessage() + ".");
            return Outcome.of(Outcome.COULD_NOT_START);
        }
    }

    /**
     * Runs {@code begin} under the tree's lock unless {@code run} was cancelled since it was created (it is no longer
     * live then): nothing of a run cancelled before it began ever starts.
     */
    private void unlessCancelled(LiveRun run, Runnable begin) {
        stepper.whileLive(run.id, run.topId, begin);
    }

    private LiveRun create(ProgramVersion version, Map<String, String> presets, Map<String, String> data,
                           String creator) {
        String program = version.name();
        Command root = ctx.programs().root(version);
        Map<String, String> vars = new HashMap<>(data);
        vars.put("program", program);
        Scope scope = Scope.of(vars, presets);
        Run row = ctx.stores().runs().create(new NewRun(null, version.id(), "", root.keyword(), Programs.label(root),
                creator, ScopeCodec.encode(scope)), data); // with its data at once: a restart reads what to check out
        ctx.logs().newTree(row.id());
        timeouts.arm(row.id(), program);
        counts.started();
        LiveRun run = new LiveRun(row, root, LiveRuns.withRunId(scope, row.id()));
        live.add(run);
        return run;
    }
}
