package lurch.isolation;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the isolation backends: {@code home} is {@code $LURCH_HOME} (chroots live in
 * {@code home/chroots}), {@code tools} the host programs chroots are made with, {@code dockerHost} the
 * engine, {@code dockerPull} when images are pulled, {@code sandbox} what isolates may do and use.
 */
public record IsolationConfig(Path home, HostTools tools, CgroupConfig cgroups, String dockerHost, DockerPull dockerPull,
                              SandboxConfig sandbox) {

    static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    /**
     * Reads {@code LURCH_BUSYBOX}, {@code PATH}, {@code CGROUP_VERSION}, {@code CGROUP_MOUNT_POINT}, {@code DOCKER_HOST},
     * {@code LURCH_DOCKER_PULL}, {@code LURCH_SANDBOX_UID}, {@code LURCH_CHROOT_NETWORK}, {@code LURCH_DOCKER_NETWORK},
     * {@code LURCH_MEMORY_LIMIT} and {@code LURCH_PIDS_LIMIT}.
     */
    public static IsolationConfig fromEnvironment(Path home, Map<String, String> env) {
        String dockerHost = env.get("DOCKER_HOST");
        return new IsolationConfig(home, HostTools.fromEnvironment(env), CgroupConfig.fromEnvironment(env),
                dockerHost == null || dockerHost.isBlank() ? DEFAULT_DOCKER_HOST : dockerHost,
                DockerPull.fromEnvironment(env), SandboxConfig.fromEnvironment(env));
    }

    /**
     * A short tag of {@code home} in the names of its cgroups and containers, so that servers of other homes
     * on this host (the tests', say) neither use nor clean up this one's: a hash of its chroots directory.
     */
    public static String homeTag(Path home) {
        return Integer.toHexString(home.resolve("chroots").toAbsolutePath().toString().hashCode());
    }
}
