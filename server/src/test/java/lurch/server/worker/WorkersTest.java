package lurch.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import lurch.db.Database;
import lurch.db.WorkQueue;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.eval.Outcome;
import lurch.isolation.OutputSink;
import lurch.server.engine.ExecOrder;
import lurch.server.engine.EngineSettings;
import lurch.server.engine.ExecOutcome;
import lurch.server.engine.ExecutorContext;
import lurch.server.engine.Stores;
import lurch.server.engine.Workspaces;
import lurch.server.engine.IsolateOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor port on workers, end to end on this machine: a real PostgreSQL database, {@link WorkerExecutor} as a
 * server uses it, and real {@code lurch worker} processes (chroots, cgroups) that can be killed with SIGKILL.
 */
class WorkersTest {
    private static final Duration LEASE = Duration.ofSeconds(WorkerProcess.LEASE_SECONDS);
    private static final long TOP = 1;
    private FreshDatabase fresh;
    private Database db;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final List<WorkerExecutor> executors = new ArrayList<>();
    private final Map<Long, List<String>> lines = new ConcurrentHashMap<>();
    private Path serverHome;

    @BeforeEach
    void database() throws IOException {
        fresh = TestDatabase.POSTGRESQL.create();
        serverHome = Files.createTempDirectory("lurch-worker-test-server-");
        db = fresh.open();
    }

    @AfterEach
    void stopAll() throws Exception {
        executors.forEach(WorkerExecutor::close);
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        db.close();
        fresh.close();
        new ProcessBuilder("rm", "-rf", "--one-file-system", serverHome.toString()).start().waitFor();
    }

    @Test
    void isolatesSpreadOverWorkersAndRunWithTheirSecretsMasked() throws Exception {
        WorkerExecutor executor = executor(LEASE);
        worker("w1");
        worker("w2");
        worker("w3");
        List<IsolateOrder> isolates = new ArrayList<>();
        List<CompletableFuture<Boolean>> builds = new ArrayList<>();
        for (int i = 1; i <= 6; i++) { // 3 workers of 2 each: every worker must hold some
            IsolateOrder isolate = isolate(i * 100);
            isolates.add(isolate);
            builds.add(executor.build(isolate));
        }
        for (CompletableFuture<Boolean> build : builds) {
            assertTrue(build.get(120, TimeUnit.SECONDS), "built: " + lines);
        }
        Map<Long, CompletableFuture<ExecOutcome>> execs = new ConcurrentHashMap<>();
        for (IsolateOrder isolate : isolates) {
            long run = isolate.isolateId() + 2;
            execs.put(run, executor.exec(new ExecOrder(run, TOP, isolate, "/bin/sh",
                    List.of("-c", "echo out-" + run + "; echo the secret is $TOKEN"),
                    Map.of("TOKEN", "hunter2-secret"), List.of("hunter2-secret"), null)));
        }
        Set<String> holders = new HashSet<>();
        for (IsolateOrder isolate : isolates) {
            holders.add(db.workQueue().claim(isolate.isolateId()).orElseThrow().worker());
        }
        for (var exec : execs.entrySet()) {
            ExecOutcome outcome = exec.getValue().get(60, TimeUnit.SECONDS);
            assertEquals(0, outcome.exitCode(), "exit of run #" + exec.getKey() + ": " + outcome);
            List<String> output = lines.get(exec.getKey());
            assertTrue(output.contains("out-" + exec.getKey()), "its output is in the server's log: " + output);
            assertTrue(output.contains("the secret is ***"), "masked on the worker: " + output);
            assertTrue(db.workQueue().order(exec.getKey()).map(WorkQueue.Order::spec).isEmpty(),
                    "no secret stays in the database");
        }
        assertEquals(Set.of("w1", "w2", "w3"), holders);
        assertTrue(lines.values().stream().flatMap(List::stream).noneMatch(l -> l.contains("hunter2")));
        isolates.forEach(isolate -> executor.tearDown(isolate.isolateId()));
        await("isolates torn down", 30, () -> isolates.stream()
                .allMatch(isolate -> db.workQueue().claim(isolate.isolateId()).isEmpty()));
    }

    @Test
    void aWorkerKilledMidExecEndsItsRunWithinTheLeaseAndItsUnusedIsolateMovesOn() throws Exception {
        WorkerExecutor executor = executor(LEASE);
        WorkerProcess first = worker("first");
        IsolateOrder used = isolate(100);
        IsolateOrder unused = isolate(200);
        assertTrue(executor.build(used).get(120, TimeUnit.SECONDS));
        assertTrue(executor.build(unused).get(120, TimeUnit.SECONDS));
        CompletableFuture<ExecOutcome> sleeping = executor.exec(sh(102, used, "echo started; sleep 60", null));
        awaitRunning(102);
        worker("second");
        first.kill9();
        long killed = System.nanoTime();

        ExecOutcome lost = sleeping.get(LEASE.toSeconds() + 10, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
        assertEquals(Outcome.WORKER_LOST, lost.exitCode());
        assertTrue(lost.note().contains("Worker first was lost"), lost.note());
        assertTrue(seconds <= LEASE.toSeconds() + 3, "ended " + seconds + " s after the kill");
        assertEquals("lost", db.workers().list().stream().filter(w -> w.name().equals("first")).findFirst()
                .orElseThrow().state().dbName());

        ExecOutcome moved = executor.exec(sh(202, unused, "echo moved", null)).get(120, TimeUnit.SECONDS);
        assertEquals(0, moved.exitCode(), moved.toString());
        assertEquals("second", db.workQueue().claim(200).orElseThrow().worker());
        ExecOutcome again = executor.exec(sh(103, used, "true", null)).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.WORKER_LOST, again.exitCode(), "the isolate the exec had started in is gone with it");
        IsolateOrder later = isolate(300);
        assertTrue(executor.build(later).get(120, TimeUnit.SECONDS));
        assertEquals(0, executor.exec(sh(302, later, "true", null)).get(60, TimeUnit.SECONDS).exitCode());
        assertEquals("second", db.workQueue().claim(300).orElseThrow().worker(), "later runs go to the others");
    }

    @Test
    void cancelAndTimeoutReachTheWorkersProcessWithinTwoSeconds() throws Exception {
        WorkerExecutor executor = executor(LEASE);
        worker("w1");
        IsolateOrder isolate = isolate(100);
        assertTrue(executor.build(isolate).get(120, TimeUnit.SECONDS), "built: " + lines);
        CompletableFuture<ExecOutcome> sleeping = executor.exec(sh(102, isolate, "sleep 60", null));
        awaitRunning(102);
        long cancelled = System.nanoTime();
        executor.stop(102);
        ExecOutcome killed = sleeping.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled);
        assertEquals(WorkerExecutor.KILLED, killed.exitCode());
        assertTrue(millis < 2_000, "killed " + millis + " ms after the cancel");

        ExecOutcome timedOut = executor.exec(sh(103, isolate, "sleep 60", Duration.ofSeconds(1)))
                .get(20, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMED_OUT, timedOut.exitCode());
        assertEquals("Timed out: killed.", timedOut.note());
    }

    @Test
    void execsOutliveTheServerAndTheNextOneHearsTheirEnd() throws Exception {
        WorkerExecutor server = executor(LEASE);
        worker("w1");
        IsolateOrder isolate = isolate(100);
        assertTrue(server.build(isolate).get(120, TimeUnit.SECONDS));
        server.exec(sh(102, isolate, "sleep 2; echo after the server", null));
        awaitRunning(102);
        server.close(); // as a kill -9 of the server: nothing of it runs any more
        await("the exec ended while no server ran", 30,
                () -> db.workQueue().order(102).map(o -> o.state().equals("done")).orElse(false));

        WorkerExecutor next = executor(LEASE);
        ExecOutcome outcome = next.reattach(102).orElseThrow().get(10, TimeUnit.SECONDS);
        assertEquals(0, outcome.exitCode());
        assertTrue(lines.get(102L).contains("after the server"), lines.toString());
        assertTrue(next.reattach(999).isEmpty(), "an exec no worker had");
    }

    @Test
    void aWorkerThatComesBackStartsClean() throws Exception {
        WorkerExecutor executor = executor(Duration.ofMinutes(5)); // only the restart ends the exec
        WorkerProcess worker = worker("w1");
        IsolateOrder isolate = isolate(100);
        assertTrue(executor.build(isolate).get(120, TimeUnit.SECONDS), "built: " + lines);
        CompletableFuture<ExecOutcome> sleeping = executor.exec(sh(102, isolate, "exec sleep 1001", null));
        awaitRunning(102);
        worker.kill9(); // its chroot, mounts and workspace stay behind
        assertTrue(Files.exists(worker.home.resolve("chroots").resolve("100")), "left behind");

        worker.launch();
        ExecOutcome outcome = sleeping.get(60, TimeUnit.SECONDS);
        assertEquals(Outcome.WORKER_LOST, outcome.exitCode());
        assertTrue(outcome.note().contains("Worker w1 restarted"), outcome.note());
        assertFalse(sleepers(), "the restart killed what the old worker left running");
        try (var left = Files.list(worker.home.resolve("workspaces"))) {
            assertEquals(0, left.count(), "workspaces removed");
        }
        assertFalse(Files.exists(worker.home.resolve("chroots").resolve("100")), "chroot removed");
        await("w1 ready again", 30, () -> db.workers().list().stream()
                .anyMatch(w -> w.name().equals("w1") && w.state().dbName().equals("ready")));
    }

    @Test
    void sigtermStopsAWorkerGracefully() throws Exception {
        WorkerExecutor executor = executor(Duration.ofMinutes(5)); // only the stop ends the exec
        WorkerProcess worker = worker("w1");
        IsolateOrder isolate = isolate(100);
        assertTrue(executor.build(isolate).get(120, TimeUnit.SECONDS), "built: " + lines);
        CompletableFuture<ExecOutcome> sleeping = executor.exec(sh(102, isolate, "exec sleep 1002", null));
        awaitRunning(102);

        assertEquals(0, worker.stop(), worker.log());
        ExecOutcome outcome = sleeping.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.WORKER_LOST, outcome.exitCode());
        assertTrue(outcome.note().contains("Worker w1 stopped"), outcome.note());
        assertEquals("stopped", db.workers().list().getFirst().state().dbName());
        assertFalse(Files.exists(worker.home.resolve("chroots").resolve("100")), "its isolate is torn down");
    }

    private WorkerExecutor executor(Duration lease) {
        WorkerExecutor executor = new WorkerExecutor(new ServerSide(), db.workQueue(), db.workers(), fresh.url(),
                fresh.user(), fresh.password(), lease, Clock.systemUTC());
        executors.add(executor);
        return executor;
    }

    /** What a server's engine gives its executor: here, the log lines by run, and an artifacts directory. */
    private final class ServerSide implements ExecutorContext {
        @Override
        public OutputSink sinkFor(long runId, long topId, Collection<String> secrets) {
            return (stream, epochMillis, text) -> info(runId, topId, text);
        }

        @Override
        public void info(long runId, long topId, String text) {
            lines.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(text);
        }

        @Override
        public void flush(long topId) {
        }

        @Override
        public Path artifactsStaging(long topId) throws IOException {
            return Files.createDirectories(serverHome.resolve("artifact-staging").resolve(Long.toString(topId)));
        }

        @Override
        public EngineSettings settings() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stores stores() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Workspaces workspaces() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean whileLive(long runId, long topId, Runnable action) {
            throw new UnsupportedOperationException();
        }
    }

    private WorkerProcess worker(String name) throws Exception {
        WorkerProcess worker = WorkerProcess.start(name, fresh);
        workers.add(worker);
        return worker;
    }

    private static IsolateOrder isolate(long id) {
        return new IsolateOrder(id, id + 1, TOP, new Builder.Chroot("busybox"));
    }

    private static ExecOrder sh(long runId, IsolateOrder isolate, String script, Duration timeout) {
        return new ExecOrder(runId, TOP, isolate, "/bin/sh", List.of("-c", script), Map.of(), List.of(), timeout);
    }

    private void awaitRunning(long runId) throws InterruptedException {
        await("run #" + runId + " running on a worker", 60,
                () -> db.workQueue().order(runId).map(o -> o.state().equals("running")).orElse(false));
    }

    /** Whether a {@code sleep 1001} runs on this machine. */
    private static boolean sleepers() throws Exception {
        Process ps = new ProcessBuilder("pgrep", "-f", "sleep 1001").start();
        return ps.waitFor() == 0;
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
