package lurch.isolation.chroot;

import java.util.ArrayDeque;
import java.util.Deque;
import lurch.isolation.IsolationException;
import lurch.isolation.cgroup.ExecCgroup;

/**
 * The exec cgroups of one isolate, kept from one exec to the next: making, limiting and removing a cgroup in
 * every hierarchy cost about as much CPU as the exec of a small program itself. An exec takes an idle cgroup,
 * or a new one, and gives it back empty with its counters read; one whose high-water mark cannot be reset is
 * removed instead, and so is what comes back once the pool is closed (the isolate torn down).
 */
final class IsolateCgroups {

    /** A cgroup an exec runs in, and its counters when the exec began. */
    record Lease(ExecCgroup cgroup, ExecCgroup.Reading start) {}

    /** Makes a new cgroup for the isolate. */
    interface Maker {
        ExecCgroup make() throws IsolationException;
    }

    private final Maker maker;
    private final Deque<Lease> idle = new ArrayDeque<>();
    private boolean closed;

    IsolateCgroups(Maker maker) {
        this.maker = maker;
    }

    Lease take() throws IsolationException {
        synchronized (this) {
            Lease lease = idle.pollFirst();
            if (lease != null) {
                return lease;
            }
        }
        return new Lease(maker.make(), ExecCgroup.Reading.NONE);
    }

    /**
     * Keeps {@code cgroup}, empty, its counters {@code end}, for the isolate's next exec; false when it cannot be
     * kept (the isolate is closed, or the cgroup's high-water mark cannot be reset): the caller removes it then.
     */
    synchronized boolean keep(ExecCgroup cgroup, ExecCgroup.Reading end) {
        if (closed || !cgroup.resetPeak()) {
            return false;
        }
        idle.push(new Lease(cgroup, end));
        return true;
    }

    /** Removes the idle cgroups; those still in use are removed as they come back. */
    void close() {
        Deque<Lease> removable;
        synchronized (this) {
            closed = true;
            removable = new ArrayDeque<>(idle);
            idle.clear();
        }
        removable.forEach(lease -> lease.cgroup().remove());
    }
}
