package lurch.isolation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import lurch.isolation.linux.Native;

/**
 * Which cgroup interface to use: {@code version} 1 (the {@code cpuacct} and {@code memory}
 * hierarchies under {@code mountPoint}) or 2 (the unified tree at {@code mountPoint}).
 */
public record CgroupConfig(int version, Path mountPoint) {

    static final Path DEFAULT_MOUNT_POINT = Path.of("/sys/fs/cgroup");
    private static final long CGROUP2_SUPER_MAGIC = 0x63677270L;

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
        try {
            if (Native.fileSystemType(mountPoint.toString()) == CGROUP2_SUPER_MAGIC) {
                return 2;
            }
        } catch (java.io.IOException e) {
            // not mounted or not readable: fall through to the directory test
        }
        return Files.isDirectory(mountPoint.resolve("memory")) ? 1 : 2;
    }
}
