package lurch.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which cgroup interface to use: {@code version} 1 (the {@code cpuacct} and {@code memory}
 * hierarchies under {@code mountPoint}) or 2 (the unified tree at {@code mountPoint}).
 */
public record CgroupConfig(int version, Path mountPoint) {

    static final Path DEFAULT_MOUNT_POINT = Path.of("/sys/fs/cgroup");

    public CgroupConfig {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("cgroup version must be 1 or 2, not " + version);
        }
    }

    /** From {@code CGROUP_VERSION} and {@code CGROUP_MOUNT_POINT} where set, detected otherwise. */
    public static CgroupConfig fromEnvironment(Map<String, String> env) {
        Path mountPoint = Path.of(env.getOrDefault("CGROUP_MOUNT_POINT", DEFAULT_MOUNT_POINT.toString()));
        String version = env.get("CGROUP_VERSION");
        if (version == null || version.isBlank()) {
            return new CgroupConfig(detectVersion(mountPoint), mountPoint);
        }
        return switch (version.strip()) {
            case "1" -> new CgroupConfig(1, mountPoint);
            case "2" -> new CgroupConfig(2, mountPoint);
            default -> throw new IllegalArgumentException("CGROUP_VERSION must be 1 or 2, not '" + version + "'");
        };
    }

    /** 2 when the mount point is a cgroup2 file system, 1 when it holds a v1 memory hierarchy. */
    static int detectVersion(Path mountPoint) {
        return isCgroup2(mountPoint) || !Files.isDirectory(mountPoint.resolve("memory")) ? 2 : 1;
    }

    /** From the mount table, as the JDK reads it: no native call (loading jnr-ffi costs 0.1 s of a start). */
    static boolean isCgroup2(Path path) {
        try {
            return Files.getFileStore(path).type().equals("cgroup2");
        } catch (IOException e) {
            return false; // not mounted or not readable
        }
    }
}
