package lurch.server.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per tree of runs: every state change of a tree happens under its lock, so a process exit,
 * an answer and a cancel arriving together are applied one after the other. Different trees run in
 * parallel. A lock is dropped when its tree ends. Locks are fair: a cancel waiting for a tree that is
 * stepping through a long loop gets the lock when the stepping thread lets go of it.
 */
final class TreeLocks {
    private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T inTree(long topId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(topId, id -> new ReentrantLock(true));
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void inTree(long topId, Runnable action) {
        inTree(topId, () -> {
            action.run();
            return null;
        });
    }

    /** Called under the tree's lock when the tree has ended. */
    void drop(long topId) {
        locks.remove(topId);
    }
}
