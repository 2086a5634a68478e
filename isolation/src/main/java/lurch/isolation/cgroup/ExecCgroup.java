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
 * The cgroup of one exec: one directory per hierarchy (two in v1, one in v2). A process enters it by
 * writing {@code 0} (itself) into every {@link #entryFiles() entry file}, before it execs the program.
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

    private List<Path> procsFiles() {
        return inEachDirectory("cgroup.procs");
    }

    private List<Path> inEachDirectory(String file) {
        return dirs.stream().map(dir -> dir.resolve(file)).toList();
    }

    /** What the processes of this cgroup used so far; zeros for figures the kernel does not offer. */
    public abstract ResourceUsage usage();

    /** How many processes of this cgroup the kernel killed for reaching its memory limit. */
    public abstract long oomKills();

    /** How many forks failed on the process limit. */
    public abstract long refusedForks();

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

    Set<Integer> pids() {
        Set<Integer> pids = new TreeSet<>();
        for (Path procs : procsFiles()) {
            try {
                for (String line : Files.readAllLines(procs)) {
                    if (!line.isBlank()) {
                        pids.add(Integer.parseInt(line.strip()));
                    }
                }
            } catch (IOException e) {
                // removed, or dying (v2 answers ENODEV then): no process to find; a live one makes rmdir fail
            }
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
