package lurch.isolation;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import lurch.interpreter.ast.Builder;

/**
 * The backend that runs the {@code exec}s of an {@code isolate}: builds a chroot or a container, starts
 * processes in it (each in a cgroup of its own, so it can be measured and killed as a whole), and
 * removes it again. Modelled on Woodpecker's backend contract; every call is safe from any thread.
 *
 * <p>Life of an isolate: {@link #setUp} once (again after a restart), {@link #start} per exec,
 * {@link #tearDown} at the end or on cancel. At server start, {@link #removeLeftovers} first.
 */
public interface Isolator extends AutoCloseable {

    /**
     * Builds the isolation for isolate {@code id} (a chroot or a container, per {@code builder}), with
     * {@code workspace} mounted at {@code /workspace} and, unless null, {@code artifacts} (a directory the
     * program may write, for the files its run keeps) at {@code /artifacts}. Idempotent: for an id that is already up it
     * returns the existing environment (after a restart the engine calls it again for live isolates).
     * Progress messages go to {@code log} as {@link Stream#INFO} lines.
     *
     * @param id letters, digits, '-' and '_' only (it names directories, cgroups and containers)
     * @throws IsolationException for an unknown chroot template, a docker image that cannot be
     *     pulled, no Docker engine, or a failed mount, naming what failed
     */
    Environment setUp(String id, Builder builder, Path workspace, Path artifacts, OutputSink log) throws IsolationException;

    /** Like {@link #setUp(String, Builder, Path, Path, OutputSink)}, without {@code /artifacts}. */
    default Environment setUp(String id, Builder builder, Path workspace, OutputSink log) throws IsolationException {
        return setUp(id, builder, workspace, null, log);
    }

    /**
     * Starts one process in {@code env}, in a fresh cgroup of its own that it enters before the
     * program's first instruction, with {@code /workspace} as working directory. Its output lines go
     * to {@code output} (from two threads: the sink must be thread-safe). Not idempotent: each call
     * starts a new process. A program that does not exist is not an exception: it ends with 127.
     *
     * @throws IsolationException when the host cannot launch anything (cgroup or engine failure)
     */
    Execution start(Environment env, ExecRequest request, OutputSink output) throws IsolationException;

    /**
     * Kills what still runs in isolate {@code id} and removes its chroot or container. Idempotent
     * (an unknown id is a no-op); never deletes anything behind a mount, so the workspace survives.
     */
    void tearDown(String id);

    /**
     * For server start-up: kills every process a previous server of this home started in a chroot, and removes
     * chroots and containers left behind by a crash, except those of the isolates in {@code liveIds} and those
     * this isolator set up itself. Chroot leftovers are gone on return; container leftovers when the returned
     * future completes, since connecting to Docker takes longer than the rest of a server's start.
     * Idempotent; failures are logged, never thrown.
     */
    CompletableFuture<Void> removeLeftovers(Set<String> liveIds);

    /** Releases the Docker client, if one was made; isolates stay up. */
    @Override
    void close();
}
