package lurch.server.api;

import lurch.db.Run;
import lurch.server.engine.RunListener;

/**
 * Wakes log followers when the engine stores lines or changes a run. One instance is registered once
 * with the engine (its listeners cannot be removed); followers compare generations to miss no wake-up.
 */
public final class LogSignal implements RunListener {

    private long generation;

    @Override
    public void runChanged(Run run) {
        wake();
    }

    @Override
    public void treeChanged(long topRunId) {
        wake();
    }

    @Override
    public void linesStored(long topRunId, long lastSeq) {
        wake();
    }

    private synchronized void wake() {
        generation++;
        notifyAll();
    }

    public synchronized long generation() {
        return generation;
    }

    /** Returns when something happened after {@code seen} was read, or after {@code millis}. */
    public synchronized void awaitAfter(long seen, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        long left = millis;
        while (generation == seen && left > 0) {
            wait(left);
            left = deadline - System.currentTimeMillis();
        }
    }
}
