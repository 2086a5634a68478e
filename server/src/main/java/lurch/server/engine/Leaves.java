package lurch.server.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lurch.db.ProgramVersion;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Outcome;
import lurch.interpreter.eval.Step;
import lurch.isolation.Environment;
import lurch.isolation.ExecRequest;
import lurch.isolation.ExecResult;
import lurch.isolation.Execution;
import lurch.isolation.IsolationException;
import lurch.isolation.OutputSink;

/**
 * The leaves that take time: building an isolation, running a process, spawning a program. Their
 * work happens off the tree's lock; their end comes back as an event that takes the lock again.
 */
final class Leaves {
    private final Engine engine;
    final Isolations isolations;
    final ProcessSlots slots;
    private final SpawnRateLimit spawnLimit;
    private final ExecutorService events = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Long, RunningExec> running = new ConcurrentHashMap<>();
    private final Map<Long, Step.RunExec> queued = new ConcurrentHashMap<>();
    /** A tree's secrets, read when its first exec starts: every exec of a run sees the same ones. */
    private final Map<Long, Map<String, String>> secretsByTree = new ConcurrentHashMap<>();

    Leaves(Engine engine) {
        this.engine = engine;
        EngineSettings settings = engine.ctx.settings();
        this.isolations = new Isolations(engine.ctx.isolator(), settings.home(), engine.artifacts);
        this.slots = new ProcessSlots(settings.maxProcesses());
        this.spawnLimit = new SpawnRateLimit(settings.spawnsPerMinute(), settings.clock());
    }

    /** A process and whether its timeout killed it. */
    private static final class RunningExec {
        final Execution execution;
        volatile boolean timedOut;

        RunningExec(Execution execution) {
            this.execution = execution;
        }
    }

    void build(LiveRun run, Builder builder) {
        long isolateId = run.parentId;
        events.execute(() -> {
            Outcome outcome;
            try {
                isolations.setUp(isolateId, run.topId, builder, sink(run, List.of()));
                info(run, "Isolation builder (run #" + run.id + ") succeeded.");
                outcome = Outcome.of(0);
            } catch (IsolationException | RuntimeException e) {
                info(run, "Isolation builder (run #" + run.id + ") failed: " + e.getMessage());
                outcome = Outcome.of(1);
            }
            Outcome built = outcome;
            engine.locks.inTree(run.topId, () -> {
                if (engine.live.containsKey(run.id)) {
                    engine.advance(run, new Step.Finish(built));
                } else {
                    isolations.tearDown(isolateId); // cancelled while building
                }
            });
        });
    }

    void exec(LiveRun run, Step.RunExec exec) {
        if (slots.acquireOrQueue(run.id)) {
            launch(run, exec);
        } else {
            queued.put(run.id, exec);
            engine.ctx.stores().runs().markWaiting(run.id, WaitingFor.PROCESS_SLOT, null);
        }
    }

    /** A slot was handed to queued run {@code runId}. */
    private void launchQueued(long runId) {
        events.execute(() -> {
            Step.RunExec exec = queued.remove(runId);
            LiveRun run = engine.live.get(runId);
            if (exec == null || run == null) {
                slots.release(this::launchQueued);
                return;
            }
            engine.locks.inTree(run.topId, () -> {
                if (!engine.live.containsKey(runId)) {
                    slots.release(this::launchQueued);
                    return;
                }
                engine.ctx.stores().runs().markRunning(runId, engine.now());
                launch(run, exec);
            });
        });
    }

    /**
     * The program's secrets; none for a pull request's version, whose code comes from someone the secrets are not
     * for (and whose output may be public).
     */
    private Map<String, String> secretsOf(LiveRun run) {
        boolean pullRequest = engine.ctx.stores().programs().version(run.versionId)
                .map(ProgramVersion::pullRequest).orElse(true);
        return pullRequest ? Map.of() : engine.ctx.stores().secrets().of(run.programName);
    }

    /** Starts the process of {@code run}, which holds a slot. Under the tree's lock. */
    private void launch(LiveRun run, Step.RunExec exec) {
        Map<String, String> secrets = secretsByTree.computeIfAbsent(run.topId, top -> secretsOf(run));
        Execution execution;
        try {
            Environment env = environmentOf(run);
            execution = engine.ctx.isolator().start(env,
                    new ExecRequest(exec.path(), exec.args(), environment(exec.env(), secrets)),
                    sink(run, secrets.values()));
        } catch (IsolationException | RuntimeException e) {
            slots.release(this::launchQueued);
            info(run, "Could not start " + exec.path() + ": " + e.getMessage());
            engine.advance(run, new Step.Finish(Outcome.of(Outcome.COULD_NOT_START)));
            return;
        }
        RunningExec process = new RunningExec(execution);
        running.put(run.id, process);
        if (exec.timeout() != null) {
            engine.ctx.timers().after(run.id, exec.timeout(), () -> {
                process.timedOut = true;
                execution.kill();
            });
        }
        execution.result().whenCompleteAsync((result, error) -> ended(run, process, result, error), events);
    }

    private void ended(LiveRun run, RunningExec process, ExecResult result, Throwable error) {
        if (engine.isClosed()) {
            return; // killed by a stop: the next start ends the exec as after a crash, with a line saying so
        }
        slots.release(this::launchQueued);
        engine.ctx.logs().flush(run.topId);
        engine.locks.inTree(run.topId, () -> {
            running.remove(run.id);
            if (!engine.live.containsKey(run.id)) {
                return; // cancelled: the cancel has ended the run already
            }
            engine.ctx.timers().cancel(run.id);
            Outcome outcome;
            if (error != null) {
                info(run, "Lost track of the process: " + error);
                outcome = Outcome.of(Outcome.COULD_NOT_START);
            } else {
                run.usage = new Usage(result.usage().cpuUserSeconds(), result.usage().cpuSystemSeconds(),
                        result.usage().memoryPeakBytes());
                if (process.timedOut) {
                    info(run, "Timed out: killed.");
                }
                outcome = Outcome.of(process.timedOut ? Outcome.TIMED_OUT : result.exitCode());
            }
            var lost = engine.ctx.logs().takeLost(run.id);
            if (lost.isPresent()) {
                info(run, lost.get().sentence());
                outcome = outcome.exitCode() != 0 ? outcome : Outcome.of(Outcome.COULD_NOT_START);
            }
            engine.advance(run, new Step.Finish(outcome));
        });
    }

    /** The tree of {@code topId} has ended. */
    void forgetTree(long topId) {
        secretsByTree.remove(topId);
    }

    /** Stops whatever {@code runId} has going (a process, a place in the queue). Under the tree's lock. */
    void stop(long runId) {
        queued.remove(runId);
        if (slots.forget(runId)) {
            return;
        }
        RunningExec process = running.remove(runId);
        if (process != null) {
            process.execution.kill();
        }
    }

    /** Starts {@code program} as a new top run, within the spawn rate limit. */
    Outcome spawn(LiveRun run, String program) {
        if (!spawnLimit.tryAcquire()) {
            info(run, "Spawn of '" + program + "' refused: more than " + engine.ctx.settings().spawnsPerMinute()
                    + " spawns in the last minute.");
            return Outcome.of(Outcome.RATE_LIMITED);
        }
        try {
            long spawned = engine.startDetached(program, "spawn:" + run.id);
            info(run, "Spawned program " + program + " as run #" + spawned + ".");
            return Outcome.of(0);
        } catch (RunControl.NoSuchProgramException e) {
            info(run, "Cannot spawn: " + e.getMessage() + ".");
            return Outcome.of(Outcome.COULD_NOT_START);
        }
    }

    /**
     * The environment of the isolate around {@code run}. After a restart it is built again, from the
     * isolate's own builder and scope.
     */
    private Environment environmentOf(LiveRun run) throws IsolationException {
        String[] ids = run.lineage.split("/");
        for (int i = ids.length - 1; i >= 0; i--) {
            if (ids[i].isEmpty()) {
                continue;
            }
            long id = Long.parseLong(ids[i]);
            Environment env = isolations.get(id);
            if (env != null) {
                return env;
            }
            LiveRun ancestor = engine.live.get(id);
            if (ancestor != null && ancestor.command instanceof Command.Isolate isolate
                    && engine.evaluator.start(isolate.builder(), ancestor.scope) instanceof Step.BuildIsolation b) {
                return isolations.setUp(id, run.topId, b.builder(), sink(run, List.of()));
            }
        }
        throw new IsolationException("exec outside of any isolate");
    }

    /** An exec's environment: where artifacts go, the program's secrets, then the exec's own assignments. */
    private static Map<String, String> environment(List<String> assignments, Map<String, String> secrets) {
        Map<String, String> env = new HashMap<>(Map.of("LURCH_ARTIFACTS", "/artifacts"));
        env.putAll(secrets);
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq > 0) {
                env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        return env;
    }

    private OutputSink sink(LiveRun run, java.util.Collection<String> secrets) {
        return engine.ctx.logs().sinkFor(run.id, run.topId, secrets);
    }

    private void info(LiveRun run, String text) {
        engine.ctx.logs().info(run.id, run.topId, text);
    }
}
