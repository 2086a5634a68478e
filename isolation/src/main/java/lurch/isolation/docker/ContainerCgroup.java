package lurch.isolation.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lurch.isolation.CgroupConfig;
import lurch.isolation.ResourceUsage;
import lurch.isolation.cgroup.CgroupFiles;
import lurch.isolation.cgroup.ExecCgroup;
import lurch.isolation.linux.Native;

/**
 * Measures docker execs through the cgroup of their container, found from the container's init pid
 * ({@code /proc/PID/cgroup}). Per exec: CPU time is the difference of the container's counters before
 * and after; on v1 the memory high-water mark is reset before the exec, on v2 {@code memory.peak}
 * covers the container's life so far. Limits: execs running at the same time in one container are
 * counted together, and when Lurch cannot see the container's pid (Lurch itself in a container with
 * its own pid namespace) all figures are 0.
 */
final class ContainerCgroup {

    private static final double NANOS = 1e9, MICROS = 1e6;

    /** How long killing waits for the killed to be gone from the cgroup (a fork bomb takes a while to die). */
    private static final long KILL_PATIENCE_NANOS = 5_000_000_000L;

    private final int version;
    private final Path cpuDir;
    private final Path memoryDir;
    /** The container's init (Docker's tini, which reaps what execs leave) and the command that keeps it up. */
    private final Set<Long> keepers;

    private ContainerCgroup(int version, Path cpuDir, Path memoryDir, Set<Long> keepers) {
        this.version = version;
        this.cpuDir = cpuDir;
        this.memoryDir = memoryDir;
        this.keepers = keepers;
    }

    /** The cgroup of the container whose init has host pid {@code initPid} and runs {@code keeper} as its child. */
    static ContainerCgroup of(CgroupConfig config, long initPid, List<String> keeper) {
        Path cpu = null, memory = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(initPid), "cgroup"))) {
                String[] fields = line.split(":", 3);
                String relative = fields[2].startsWith("/") ? fields[2].substring(1) : fields[2];
                if (config.version() == 2 && fields[0].equals("0")) {
                    cpu = memory = config.mountPoint().resolve(relative);
                } else if (config.version() == 1 && fields[1].contains("cpuacct")) {
                    cpu = hierarchy(config.mountPoint(), fields[1], "cpuacct").resolve(relative);
                } else if (config.version() == 1 && fields[1].equals("memory")) {
                    memory = config.mountPoint().resolve("memory").resolve(relative);
                }
            }
        } catch (IOException | RuntimeException e) {
            // pid not visible from here: no figures
        }
        return new ContainerCgroup(config.version(), cpu, memory, keepers(initPid, String.join("\0", keeper) + "\0"));
    }

    private static Set<Long> keepers(long initPid, String keeperCmdline) {
        Set<Long> keepers = new HashSet<>(Set.of(initPid));
        try {
            for (String child : Files.readString(Path.of("/proc", Long.toString(initPid), "task", Long.toString(initPid), "children"))
                    .strip().split(" ")) {
                if (!child.isEmpty() && Files.readString(Path.of("/proc", child, "cmdline")).equals(keeperCmdline)) {
                    keepers.add(Long.parseLong(child));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not visible from here: nothing is measured or killed from the host then
        }
        return keepers;
    }

    /** Starts an exec's measurement: resets the v1 memory high-water mark, reads the CPU counters. */
    ExecCgroup.Reading begin() {
        if (version == 1 && memoryDir != null) {
            try {
                Files.writeString(memoryDir.resolve("memory.max_usage_in_bytes"), "0");
            } catch (IOException e) {
                // not resettable here: the peak then covers the container's life
            }
        }
        return reading(0);
    }

    /**
     * Kills every process of the container but its keepers: what an exec left running in the background must
     * not outlive it, as in a chroot (the execs of an isolate run one at a time).
     */
    void killAllButInit() {
        if (memoryDir == null) {
            return;
        }
        long deadline = System.nanoTime() + KILL_PATIENCE_NANOS;
        while (System.nanoTime() - deadline < 0) {
            List<Integer> pids = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(memoryDir.resolve("cgroup.procs"))) {
                    if (!line.isBlank() && !keepers.contains(Long.parseLong(line.strip()))) {
                        pids.add(Integer.parseInt(line.strip()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return; // the container is gone
            }
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(Native::killHard);
            try {
                Thread.sleep(1); // SIGKILLed processes leave the cgroup only once the kernel has ended them
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long oomKills() {
        return memoryDir == null ? 0 : version == 1 ? CgroupFiles.readKey(memoryDir.resolve("memory.oom_control"), "oom_kill")
                : CgroupFiles.readKey(memoryDir.resolve("memory.events"), "oom_kill");
    }

    /** The container's counters at an exec's end, its memory high-water mark included, read once. */
    ExecCgroup.Reading end() {
        long peak = memoryDir == null ? 0
                : read(memoryDir, version == 1 ? "memory.max_usage_in_bytes" : "memory.peak");
        return reading(peak);
    }

    /** The container's counters now, with {@code peak} as its memory figure (no fork limit is counted). */
    private ExecCgroup.Reading reading(long peak) {
        if (cpuDir == null) {
            return new ExecCgroup.Reading(0, 0, peak, oomKills(), 0);
        }
        if (version == 1) {
            return new ExecCgroup.Reading(read(cpuDir, "cpuacct.usage_user") / NANOS, read(cpuDir, "cpuacct.usage_sys") / NANOS,
                    peak, oomKills(), 0);
        }
        return new ExecCgroup.Reading(CgroupFiles.readKey(cpuDir.resolve("cpu.stat"), "user_usec") / MICROS,
                CgroupFiles.readKey(cpuDir.resolve("cpu.stat"), "system_usec") / MICROS, peak, oomKills(), 0);
    }

    /** v1 mounts cpuacct alone or together with cpu ("cpu,cpuacct"); either directory name may exist. */
    private static Path hierarchy(Path mountPoint, String controllers, String fallback) {
        Path named = mountPoint.resolve(controllers);
        return Files.isDirectory(named) ? named : mountPoint.resolve(fallback);
    }

    private static long read(Path dir, String file) {
        return CgroupFiles.readLong(dir.resolve(file));
    }
}
