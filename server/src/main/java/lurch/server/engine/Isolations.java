package lurch.server.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.interpreter.ast.Builder;
import lurch.isolation.Environment;
import lurch.isolation.IsolationException;
import lurch.isolation.Isolator;
import lurch.isolation.OutputSink;
import lurch.server.artifacts.ArtifactKeeper;

/**
 * The environments of live {@code isolate} runs, keyed by the isolate's run id, and the workspaces of
 * top runs ({@code $LURCH_HOME/workspaces/TOP}), which every isolate of the tree mounts at /workspace, with
 * the tree's artifacts directory at /artifacts.
 */
final class Isolations {
    private static final Logger LOG = Logger.getLogger(Isolations.class.getName());
    private final Isolator isolator;
    private final Path workspaces;
    private final Map<Long, Environment> byIsolate = new ConcurrentHashMap<>();
    private final Map<Long, Builder> builders = new ConcurrentHashMap<>();
    private final ArtifactKeeper artifacts;

    Isolations(Isolator isolator, Path home, ArtifactKeeper artifacts) {
        this.isolator = isolator;
        this.workspaces = home.resolve("workspaces");
        this.artifacts = artifacts;
    }

    Path workspace(long topId) {
        Path dir = workspaces.resolve(Long.toString(topId));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create workspace " + dir, e);
        }
        return dir;
    }

    /** Builds (or, after a restart, builds again) the environment of isolate run {@code isolateId}. */
    Environment setUp(long isolateId, long topId, Builder builder, OutputSink log) throws IsolationException {
        Path artifactsDir;
        try {
            artifactsDir = artifacts.staging(topId);
        } catch (IOException e) {
            throw new IsolationException("cannot create the artifacts directory of run #" + topId + ": " + e.getMessage(), e);
        }
        Environment env = isolator.setUp(Long.toString(isolateId), builder, workspace(topId), artifactsDir, log);
        builders.put(isolateId, builder);
        byIsolate.put(isolateId, env);
        return env;
    }

    /** The environment of isolate run {@code isolateId}, or null when it was never built by this process. */
    Environment get(long isolateId) {
        return byIsolate.get(isolateId);
    }

    void tearDown(long isolateId) {
        byIsolate.remove(isolateId);
        builders.remove(isolateId);
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
    void tearDownAll(java.time.Duration patience) throws InterruptedException {
        java.util.List<Thread> teardowns = byIsolate.keySet().stream()
                .map(id -> Thread.ofVirtual().start(() -> isolator.tearDown(Long.toString(id)))).toList();
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread teardown : teardowns) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !teardown.join(java.time.Duration.ofNanos(left))) {
                LOG.warning("isolates still being torn down after " + patience.toSeconds() + " s of the stop");
                return;
            }
        }
    }

    /** Chroot leftovers before the server serves; container leftovers meanwhile (Docker is slow to connect). */
    void removeLeftovers(Set<Long> liveIsolates) {
        isolator.removeLeftovers(liveIsolates.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()));
    }

    /** Deletes a finished tree's workspace. Isolation tear-down has unmounted it everywhere first. */
    void deleteWorkspace(long topId) {
        Path dir = workspaces.resolve(Long.toString(topId));
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete workspace " + dir, e);
        }
    }
}
