package lurch.server.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import lurch.isolation.OutputSink;

/**
 * What an {@link Executor} gets from the engine that builds it: where output lines go, its settings and stores, the
 * workspaces and the artifacts staging of top runs on this machine, and a way to go on with an exec that waited for
 * room under its tree's lock.
 */
public interface ExecutorContext {

    /** Where the output of run {@code runId} (of tree {@code topId}) goes, {@code secrets} masked. */
    OutputSink sinkFor(long runId, long topId, Collection<String> secrets);

    /** Adds one of Lurch's own lines to a run's log. */
    void info(long runId, long topId, String text);

    /** Returns once the lines given for tree {@code topId} so far are stored (or given up). */
    void flush(long topId);

    EngineSettings settings();

    Stores stores();

    /** The workspaces of top runs on this machine, which every isolate of a tree mounts at /workspace. */
    Workspaces workspaces();

    /**
     * The directory on this machine that the isolates of tree {@code topId} mount at /artifacts; what is in it when
     * the tree ends is kept in the artifact store. An executor elsewhere must bring its files here before the tree
     * ends.
     */
    Path artifactsStaging(long topId) throws IOException;

    /**
     * Runs {@code action} under the lock of tree {@code topId} if exec run {@code runId} has not ended (it waited for
     * room, e.g. a process slot, and may start now); answers whether it ran. A cancel cannot slip in between.
     */
    boolean whileLive(long runId, long topId, Runnable action);
}
