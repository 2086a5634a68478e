package lurch.server.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongConsumer;

/**
 * The bound on concurrently running processes (LURCH_MAX_PROCS). Execs beyond it queue in order;
 * a freed slot passes straight to the oldest waiting exec, handed to {@code launch}.
 */
final class ProcessSlots {
    private final int capacity;
    private final Deque<Long> waiting = new ArrayDeque<>();
    private int inUse;

    ProcessSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("LURCH_MAX_PROCS must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Takes a slot for run {@code runId}, or queues it and returns false. */
    synchronized boolean acquireOrQueue(long runId) {
        if (inUse < capacity) {
            inUse++;
            return true;
        }
        waiting.addLast(runId);
        return false;
    }

    /** Gives back a slot; the oldest queued run, if any, takes it and is passed to {@code launch}. */
    void release(LongConsumer launch) {
        Long next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inUse--;
                return;
            }
        }
        launch.accept(next);
    }

    /** A queued run that will not run any more (cancelled): drops it from the queue. */
    synchronized boolean forget(long runId) {
        return waiting.remove(runId);
    }

    synchronized int running() {
        return inUse;
    }

    synchronized int queued() {
        return waiting.size();
    }
}
