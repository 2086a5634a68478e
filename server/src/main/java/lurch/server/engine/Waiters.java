package lurch.server.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Run;

/** Who waits for runs to end, and who listens to every change. */
final class Waiters {
    private static final Logger LOG = Logger.getLogger(Waiters.class.getName());
    private final Map<Long, List<CompletableFuture<Run>>> byRun = new ConcurrentHashMap<>();
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    void addListener(RunListener listener) {
        listeners.add(listener);
    }

    /** A future that {@link #ended} completes; the caller checks first whether the run already ended. */
    CompletableFuture<Run> register(long runId) {
        CompletableFuture<Run> future = new CompletableFuture<>();
        byRun.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(future);
        return future;
    }

    /** True when a client waits for the end of run {@code runId}. */
    boolean waitedFor(long runId) {
        return byRun.containsKey(runId);
    }

    void ended(Run run) {
        List<CompletableFuture<Run>> futures = byRun.remove(run.id());
        if (futures != null) {
            new ArrayList<>(futures).forEach(f -> f.complete(run));
        }
        changed(run);
    }

    void changed(Run run) {
        tellListeners(listener -> listener.runChanged(run));
    }

    void treeChanged(long topId) {
        tellListeners(listener -> listener.treeChanged(topId));
    }

    void linesStored(long topId, long lastSeq) {
        tellListeners(listener -> listener.linesStored(topId, lastSeq));
    }

    private void tellListeners(Consumer<RunListener> event) {
        for (RunListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "run listener failed", e);
            }
        }
    }
}
