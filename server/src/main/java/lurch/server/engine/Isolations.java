package lurch.server.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import lurch.interpreter.ast.Builder;
import lurch.isolation.Environment;
import lurch.isolation.IsolationException;
import lurch.isolation.Isolator;
import lurch.isolation.OutputSink;

/**
 * The environments of live {@code isolate} runs on this machine, keyed by the isolate's run id. Each mounts its
 * tree's workspace at /workspace and the tree's artifacts staging at /artifacts.
 */
final class Isolations {
    private static final Logger LOG = Logger.getLogger(Isolations.class.getName());
    private final Isolator isolator;
    private final ExecutorContext ctx;
    private final Map<Long, Environment> byIsolate = new ConcurrentHashMap<>();

    Isolations(Isolator isolator, ExecutorContext ctx) {
        this.isolator = isolator;
        this.ctx = ctx;
    }

    /** Builds (or, after a restart, builds again) the environment of isolate run {@code isolateId}. */
    Environment setUp(long isolateId, long topId, Builder builder, OutputSink log) throws IsolationException {
        Path artifactsDir;
        try {
            artifactsDir = ctx.artifactsStaging(topId);
        } catch (IOException e) {
            throw new IsolationException("cannot create the artifacts directory of run #" + topId + ": " + e.getMessage(), e);
        }
        Environment env = isolator.setUp(Long.toString(isolateId), builder, ctx.workspaces().of(topId), artifactsDir, log);
        byIsolate.put(isolateId, env);
        return env;
    }

    /** The environment of isolate run {@code isolateId}, or null when it was never built by this process. */
    Environment get(long isolateId) {
        return byIsolate.get(isolateId);
    }

    void tearDown(long isolateId) {
        byIsolate.remove(isolateId);
        Thread.ofVirtual().start(() -> {
            try {
                isolator.tearDown(Long.toString(isolateId));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "tear-down of isolate " + isolateId + " failed", e);
            }
        });
    }

    /**
     * For a graceful stop: kills what runs in every live isolate and removes it, all at once, waiting at most
     * {@code patience}. A stopped server leaves no process running with no one reading its output; the next start
     * ends those execs as after a crash and builds their isolates again.
     */
    void tearDownAll(Duration patience) throws InterruptedException {
        List<Thread> teardowns = byIsolate.keySet().stream()
                .map(id -> Thread.ofVirtual().start(() -> isolator.tearDown(Long.toString(id)))).toList();
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread teardown : teardowns) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !teardown.join(Duration.ofNanos(left))) {
                LOG.warning("isolates still being torn down after " + patience.toSeconds() + " s of the stop");
                return;
            }
        }
    }

    /** Chroot leftovers before the server serves; container leftovers meanwhile (Docker is slow to connect). */
    void removeLeftovers(Set<Long> liveIsolates) {
        isolator.removeLeftovers(liveIsolates.stream().map(String::valueOf).collect(Collectors.toSet()));
    }
}
