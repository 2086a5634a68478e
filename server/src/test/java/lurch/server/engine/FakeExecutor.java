package lurch.server.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import lurch.db.Usage;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.eval.Outcome;
import lurch.isolation.Stream;

/**
 * An executor in memory, for tests of the engine's language without root, chroots or Docker. It runs no process: it
 * interprets an exec by the last part of its path — {@code true} (0), {@code false} (1), {@code exit N},
 * {@code echo WORDS} (a line of output), {@code env NAME} (prints the variable), {@code sleep SECONDS},
 * {@code block} (until {@link #release} or a stop) — or by what the test scripted for that path; anything else could
 * not start (127). A {@code (docker "broken")} isolate fails to build. Exec timeouts and stops end a process as the
 * local executor does (-131 with "Timed out: killed.", -9). Made {@link #outlivingServers}, its processes survive an
 * engine's close and a new engine reattaches to them, as with workers.
 */
final class FakeExecutor implements Executor {
    static final int KILLED = -9;
    private final boolean outlivesServer;
    private volatile ExecutorContext ctx;
    private final Map<String, Function<ExecOrder, ExecOutcome>> scripts = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<ExecOutcome>> running = new ConcurrentHashMap<>();
    private final List<ExecOrder> orders = new CopyOnWriteArrayList<>();
    private final List<Long> tornDown = new CopyOnWriteArrayList<>();
    private final List<Long> endedTrees = new CopyOnWriteArrayList<>();

    private FakeExecutor(boolean outlivesServer) {
        this.outlivesServer = outlivesServer;
    }

    /** Processes that die with their server, as on this machine. */
    static FakeExecutor dyingWithServers() {
        return new FakeExecutor(false);
    }

    /** Processes that outlive their server, as on workers. */
    static FakeExecutor outlivingServers() {
        return new FakeExecutor(true);
    }

    /** The factory an engine is built with; each engine built gives the fake its context. */
    Function<ExecutorContext, Executor> factory() {
        return context -> {
            this.ctx = context;
            return this;
        };
    }

    /** Execs whose path ends with {@code name} end as {@code outcome} answers (called once per exec). */
    void script(String name, Function<ExecOrder, ExecOutcome> outcome) {
        scripts.put(name, outcome);
    }

    /** Ends the blocked exec of run {@code runId} with {@code exitCode}. */
    void release(long runId, int exitCode) {
        CompletableFuture<ExecOutcome> process = running.remove(runId);
        if (process == null) {
            throw new IllegalStateException("run #" + runId + " has no blocked exec");
        }
        process.complete(ExecOutcome.exited(exitCode, new Usage(0.5, 0.1, 1024)));
    }

    /** Whether run {@code runId}'s exec is running now. */
    boolean isRunning(long runId) {
        return running.containsKey(runId);
    }

    /** Every exec order given to this executor, oldest first. */
    List<ExecOrder> orders() {
        return List.copyOf(orders);
    }

    List<Long> tornDown() {
        return List.copyOf(tornDown);
    }

    List<Long> endedTrees() {
        return List.copyOf(endedTrees);
    }

    @Override
    public CompletableFuture<Boolean> build(IsolateOrder order) {
        boolean broken = order.builder() instanceof Builder.Docker docker && docker.image().equals("broken");
        ctx.info(order.builderRunId(), order.topId(), "Isolation builder (run #" + order.builderRunId() + ") "
                + (broken ? "failed: no image 'broken'" : "succeeded."));
        return CompletableFuture.completedFuture(!broken);
    }

    @Override
    public CompletableFuture<ExecOutcome> exec(ExecOrder order) {
        orders.add(order);
        String name = order.path().substring(order.path().lastIndexOf('/') + 1);
        Function<ExecOrder, ExecOutcome> scripted = scripts.get(name);
        if (scripted != null) {
            return CompletableFuture.completedFuture(scripted.apply(order));
        }
        List<String> args = order.args();
        return switch (name) {
            case "true" -> exited(0);
            case "false" -> exited(1);
            case "exit" -> exited(Integer.parseInt(args.getFirst()));
            case "echo" -> {
                print(order, String.join(" ", args));
                yield exited(0);
            }
            case "env" -> {
                print(order, args.getFirst() + "=" + order.env().getOrDefault(args.getFirst(), ""));
                yield exited(0);
            }
            case "sleep" -> {
                CompletableFuture<ExecOutcome> process = hold(order);
                CompletableFuture.delayedExecutor((long) (Double.parseDouble(args.getFirst()) * 1000),
                        java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> {
                            if (running.remove(order.runId(), process)) {
                                process.complete(ExecOutcome.exited(0, Usage.NONE));
                            }
                        });
                yield process;
            }
            case "block" -> hold(order);
            default -> CompletableFuture.completedFuture(ExecOutcome.failed(Outcome.COULD_NOT_START,
                    "Could not start " + order.path() + ": no such program in the fake"));
        };
    }

    private static CompletableFuture<ExecOutcome> exited(int exitCode) {
        return CompletableFuture.completedFuture(ExecOutcome.exited(exitCode, Usage.NONE));
    }

    private void print(ExecOrder order, String line) {
        ctx.sinkFor(order.runId(), order.topId(), order.secrets()).line(Stream.STDOUT, System.currentTimeMillis(), line);
    }

    /** A process that runs until released, stopped or timed out. */
    private CompletableFuture<ExecOutcome> hold(ExecOrder order) {
        CompletableFuture<ExecOutcome> process = new CompletableFuture<>();
        running.put(order.runId(), process);
        if (order.timeout() != null) {
            CompletableFuture.delayedExecutor(order.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> {
                        if (running.remove(order.runId(), process)) {
                            process.complete(new ExecOutcome(Outcome.TIMED_OUT, Usage.NONE, "Timed out: killed."));
                        }
                    });
        }
        return process;
    }

    @Override
    public Optional<CompletableFuture<ExecOutcome>> reattach(long runId) {
        return outlivesServer ? Optional.ofNullable(running.get(runId)) : Optional.empty();
    }

    @Override
    public void stop(long runId) {
        CompletableFuture<ExecOutcome> process = running.remove(runId);
        if (process != null) {
            process.complete(ExecOutcome.exited(KILLED, Usage.NONE));
        }
    }

    @Override
    public void tearDown(long isolateId) {
        tornDown.add(isolateId);
    }

    @Override
    public void treeEnded(long topId) {
        endedTrees.add(topId);
    }

    @Override
    public void stopAll(Duration patience) {
        if (!outlivesServer) {
            running.keySet().forEach(this::stop);
        }
    }

    @Override
    public int processesRunning() {
        return running.size();
    }
}
