package lurch.isolation.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lurch.isolation.CgroupConfig;
import lurch.isolation.ResourceUsage;
import lurch.isolation.cgroup.CgroupFiles;

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

    private final int version;
    private final Path cpuDir;
    private final Path memoryDir;

    private ContainerCgroup(int version, Path cpuDir, Path memoryDir) {
        this.version = version;
        this.cpuDir = cpuDir;
        this.memoryDir = memoryDir;
    }

    /** CPU seconds (user, system) at one moment. */
    record Snapshot(double user, double system) {}

    static ContainerCgroup of(CgroupConfig config, long initPid) {
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
        return new ContainerCgroup(config.version(), cpu, memory);
    }

    /** Starts an exec's measurement: resets the v1 memory high-water mark, reads the CPU counters. */
    Snapshot begin() {
        if (version == 1 && memoryDir != null) {
            try {
                Files.writeString(memoryDir.resolve("memory.max_usage_in_bytes"), "0");
            } catch (IOException e) {
                // not resettable here: the peak then covers the container's life
            }
        }
        return cpu();
    }

    ResourceUsage since(Snapshot start) {
        Snapshot now = cpu();
        long peak = memoryDir == null ? 0
                : read(memoryDir, version == 1 ? "memory.max_usage_in_bytes" : "memory.peak");
        return new ResourceUsage(Math.max(0, now.user() - start.user()), Math.max(0, now.system() - start.system()), peak);
    }

    private Snapshot cpu() {
        if (cpuDir == null) {
            return new Snapshot(0, 0);
        }
        if (version == 1) {
            return new Snapshot(read(cpuDir, "cpuacct.usage_user") / NANOS, read(cpuDir, "cpuacct.usage_sys") / NANOS);
        }
        return new Snapshot(CgroupFiles.readKey(cpuDir.resolve("cpu.stat"), "user_usec") / MICROS,
                CgroupFiles.readKey(cpuDir.resolve("cpu.stat"), "system_usec") / MICROS);
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
