package lurch.isolation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the isolation backends: {@code home} is {@code $LURCH_HOME} (chroots live in
 * {@code home/chroots}), {@code busybox} a statically linked busybox, {@code dockerHost} the engine.
 */
public record IsolationConfig(Path home, Path busybox, CgroupConfig cgroups, String dockerHost) {

    static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    /** Reads {@code LURCH_BUSYBOX}, {@code PATH}, {@code CGROUP_VERSION}, {@code CGROUP_MOUNT_POINT}, {@code DOCKER_HOST}. */
    public static IsolationConfig fromEnvironment(Path home, Map<String, String> env) {
        String dockerHost = env.get("DOCKER_HOST");
        return new IsolationConfig(home, findBusybox(env), CgroupConfig.fromEnvironment(env),
                dockerHost == null || dockerHost.isBlank() ? DEFAULT_DOCKER_HOST : dockerHost);
    }

    /**
     * A short tag of {@code home} in the names of its cgroups and containers, so that servers of other homes
     * on this host (the tests', say) neither use nor clean up this one's: a hash of its chroots directory.
     */
    public static String homeTag(Path home) {
        return Integer.toHexString(home.resolve("chroots").toAbsolutePath().toString().hashCode());
    }

    /** {@code LURCH_BUSYBOX}, else the first {@code busybox} on {@code PATH}, else {@code /bin/busybox}. */
    static Path findBusybox(Map<String, String> env) {
        String configured = env.get("LURCH_BUSYBOX");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "busybox"))) {
                return Path.of(dir, "busybox");
            }
        }
        return Path.of("/bin/busybox");
    }
}
