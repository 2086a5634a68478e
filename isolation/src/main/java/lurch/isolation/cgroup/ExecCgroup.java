package lurch.isolation.cgroup;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import lurch.isolation.ResourceUsage;
import lurch.isolation.linux.Native;

/**
 * The cgroup of one exec: one directory per hierarchy (two or three in v1, one in v2). A process enters it by
 * writing {@code 0} (itself) into every {@link #entryFiles() entry file}, before it execs the program. Its
 * counters only grow: what one exec used is the difference of two {@link Reading readings}, so that a cgroup
 * whose high-water mark can be {@link #resetPeak() reset} serves one exec after the other.
 */
public abstract sealed class ExecCgroup permits CgroupV1.Group, CgroupV2.Group {

    private static final int KILL_ROUNDS = 1000;

    private final List<Path> dirs;

    ExecCgroup(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /**
     * The files a single-threaded process writes {@code 0} into to enter this cgroup with all the
     * processes it will start.
     */
    public List<Path> entryFiles() {
        return inEachDirectory(entryFileName());
    }

    abstract String entryFileName();

    private List<Path> inEachDirectory(String file) {
        return dirs.stream().map(dir -> dir.resolve(file)).toList();
    }

    /**
     * The cgroup's counters at one moment: CPU seconds, memory high-water mark since it was made or last reset,
     * processes the kernel killed for the memory limit, forks refused for the process limit; zeros for figures
     * the kernel does not offer.
     */
    public record Reading(double cpuUserSeconds, double cpuSystemSeconds, long memoryPeakBytes, long oomKills, long refusedForks) {

        /** A new cgroup's. */
        public static final Reading NONE = new Reading(0, 0, 0, 0, 0);

        /** What was used between {@code start} and this reading. */
        public ResourceUsage usageSince(Reading start) {
            return new ResourceUsage(Math.max(0, cpuUserSeconds - start.cpuUserSeconds),
                    Math.max(0, cpuSystemSeconds - start.cpuSystemSeconds), memoryPeakBytes);
        }

        public long oomKillsSince(Reading start) {
            return oomKills - start.oomKills;
        }

        public long refusedForksSince(Reading start) {
            return refusedForks - start.refusedForks;
        }
    }

    /** Reads the counters; for an exact figure of what its processes used, once they have all ended. */
    public abstract Reading read();

    /**
     * Starts the memory high-water mark again from the present usage, so that the cgroup can serve the next exec;
     * false where the kernel cannot do that (cgroup v2's {@code memory.peak} is reset per open file only).
     */
    public abstract boolean resetPeak();

    /** Kills all processes of the cgroup at once where the kernel can; false when it cannot. */
    abstract boolean killAtOnce();

    /** SIGKILLs every process in the cgroup, again and again until it is empty (forks race with us). */
    public void killAll() {
        boolean atOnce = killAtOnce();
        for (int round = 0; round < KILL_ROUNDS; round++) {
            Set<Integer> pids = pids();
            if (pids.isEmpty()) {
                return;
            }
            if (!atOnce) {
                pids.forEach(Native::killHard);
            }
            pause();
        }
    }

    /**
     * Kills what is left, then removes the directories. Idempotent. Kills again while rmdir finds the
     * cgroup busy: a process that was just launched may enter it after the first kill.
     */
    public void remove() {
        for (int attempt = 0; attempt < KILL_ROUNDS; attempt++) {
            killAll();
            if (removeDirectories()) {
                return;
            }
            pause();
        }
        System.getLogger(ExecCgroup.class.getName()).log(System.Logger.Level.WARNING, "cannot remove cgroup " + dirs);
    }

    /**
     * The processes of the first hierarchy: every process of an exec is in all of them, since it enters them all
     * before it execs the program and its children inherit them (a process that failed to enter one ends).
     */
    Set<Integer> pids() {
        Set<Integer> pids = new TreeSet<>();
        try {
            for (String line : CgroupFiles.read(dirs.getFirst().resolve("cgroup.procs")).split("\n")) {
                if (!line.isBlank()) {
                    pids.add(Integer.parseInt(line.strip()));
                }
            }
        } catch (IOException e) {
            // removed, or dying (v2 answers ENODEV then): no process to find; a live one makes rmdir fail
        }
        return pids;
    }

    /** rmdir of every directory; false while the kernel still counts tasks in one (EBUSY). */
    private boolean removeDirectories() {
        boolean removed = true;
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir);
            } catch (FileSystemException e) {
                removed = false;
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
            }
        }
        return removed;
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
