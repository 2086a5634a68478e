package lurch.server.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import lurch.db.Database;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import lurch.interpreter.Programs;
import lurch.isolation.IsolationConfig;
import lurch.isolation.Isolator;
import lurch.isolation.Isolators;

/**
 * A real engine on a fresh database (H2 or PostgreSQL), a temporary LURCH_HOME, and real isolation or, for tests of
 * the language alone, a {@link FakeExecutor}.
 */
final class EngineFixture implements AutoCloseable {
    final TestDatabase kind;
    final FreshDatabase fresh;
    final Database db;
    final Path home;
    /** Null with a fake executor. */
    final Isolator isolator;
    private final Function<ExecutorContext, Executor> executor;
    private final EngineSettings settings;
    Engine engine;

    private EngineFixture(TestDatabase kind, int maxProcesses, int spawnsPerMinute, Duration runTimeout)
            throws IOException {
        this(kind, maxProcesses, spawnsPerMinute, runTimeout, null);
    }

    private EngineFixture(TestDatabase kind, int maxProcesses, int spawnsPerMinute, Duration runTimeout,
                          FakeExecutor fake) throws IOException {
        this.kind = kind;
        this.fresh = kind.create();
        this.db = fresh.open();
        this.home = Files.createTempDirectory("lurch-engine-test-");
        this.isolator = fake != null ? null : Isolators.create(IsolationConfig.fromEnvironment(home, System.getenv()));
        this.executor = fake != null ? fake.factory() : Engine.local(isolator);
        this.settings = new EngineSettings(home, Clock.systemDefaultZone(), maxProcesses, spawnsPerMinute, runTimeout,
                EngineSettings.DEFAULT_ARTIFACT_LIMIT);
        this.engine = newEngine();
    }

    static EngineFixture start(TestDatabase kind) throws IOException {
        return new EngineFixture(kind, 8, 100, null);
    }

    /** An engine whose server-wide whole-run timeout (LURCH_RUN_TIMEOUT) is {@code runTimeout}. */
    static EngineFixture withRunTimeout(TestDatabase kind, int maxProcesses, Duration runTimeout) throws IOException {
        return new EngineFixture(kind, maxProcesses, 100, runTimeout);
    }

    /** An engine whose leaves run on {@code fake}, with a server-wide whole-run timeout of {@code runTimeout}. */
    static EngineFixture withFake(TestDatabase kind, FakeExecutor fake, int spawnsPerMinute, Duration runTimeout)
            throws IOException {
        return new EngineFixture(kind, 8, spawnsPerMinute, runTimeout, fake);
    }

    static EngineFixture start(TestDatabase kind, int maxProcesses, int spawnsPerMinute) throws IOException {
        return new EngineFixture(kind, maxProcesses, spawnsPerMinute, null);
    }

    /**
     * The fixture a test class instance should use for {@code kind}: {@code current} when it is already
     * on that database, else a new one ({@code current} closed). Parameterized classes run once per database.
     */
    static EngineFixture forKind(EngineFixture current, TestDatabase kind, int maxProcesses, int spawnsPerMinute)
            throws Exception {
        if (current != null && current.kind == kind) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        return start(kind, maxProcesses, spawnsPerMinute);
    }

    private Engine newEngine() {
        Engine created = new Engine(new Stores(db.programs(), db.runs(), db.logs(), db.prompts(), db.secrets(),
                db.timeouts(), db.artifacts()), settings, StorageHealth.FINE, executor);
        created.resume();
        return created;
    }

    /** A server that stops while runs are under way (as after a kill -9), then a new one that resumes them. */
    void restart() throws Exception {
        restartAfter(Duration.ZERO);
    }

    /** Like {@link #restart()}, with no server running for {@code down}. */
    void restartAfter(Duration down) throws Exception {
        engine.close();
        Thread.sleep(down);
        engine = newEngine();
    }

    void program(String name, String source) {
        Programs.Parsed parsed = Programs.parse(source);
        assertTrue(parsed.ok(), () -> "test program does not parse: " + parsed.diagnostics());
        db.programs().saveVersion(name, Programs.print(parsed.program()), "test");
    }

    Run start(String name) {
        return engine.start(engine.latest(name), Map.of(), Map.of(), "user:test", null);
    }

    Run start(String name, Map<String, String> presets) {
        return engine.start(engine.latest(name), presets, Map.of(), "user:test", null);
    }

    Run await(Run run) throws Exception {
        return engine.whenFinished(run.id()).get(20, TimeUnit.SECONDS);
    }

    /** The first run of {@code topId}'s tree (in id order) that satisfies {@code condition}, waiting for it. */
    Run awaitRun(long topId, Predicate<Run> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Run run : db.runs().subtree(topId)) {
                if (condition.test(run)) {
                    return run;
                }
            }
            Thread.sleep(10);
        }
        fail("no run of tree #" + topId + " got there: " + db.runs().subtree(topId));
        return null;
    }

    /** Waits until the log of {@code runId}'s tree holds the line {@code text}. */
    void awaitLine(long runId, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!texts(runId).contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("no line '" + text + "' in the log of #" + runId + ": " + texts(runId));
            }
            Thread.sleep(10);
        }
    }

    List<Run> tree(long topId) {
        return db.runs().subtree(topId);
    }

    List<LogLine> logs(long runId) {
        return db.logs().read(runId, 0, 1_000_000);
    }

    List<String> texts(long runId) {
        return logs(runId).stream().map(LogLine::text).toList();
    }

    @Override
    public void close() throws Exception {
        engine.close();
        if (isolator != null) {
            isolator.close();
        }
        db.close();
        fresh.close();
        // Never walk into a chroot that is still mounted: /dev there is the host's.
        Thread.sleep(200);
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains(home.toString())) {
            return;
        }
        try (var paths = Files.walk(home)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a chroot still being torn down; the OS temp dir is cleaned eventually
        }
    }
}
