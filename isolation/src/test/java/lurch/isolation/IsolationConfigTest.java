package lurch.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolationConfigTest {

    private static final Path HOME = Path.of("/var/lurch");

    @Test
    void explicitSettingsWin() {
        IsolationConfig config = IsolationConfig.fromEnvironment(HOME, Map.of("LURCH_BUSYBOX", "/opt/busybox",
                "CGROUP_VERSION", "2", "CGROUP_MOUNT_POINT", "/lurch/cgroup", "DOCKER_HOST", "tcp://docker:2375",
                "LURCH_SANDBOX_UID", "200000", "LURCH_CHROOT_NETWORK", "host", "LURCH_DOCKER_NETWORK", "builds",
                "LURCH_MEMORY_LIMIT", "256M", "LURCH_PIDS_LIMIT", "200", "LURCH_DOCKER_PULL", "always"));
        assertEquals(new IsolationConfig(HOME, new HostTools(Path.of("/opt/busybox")), new CgroupConfig(2, Path.of("/lurch/cgroup")), "tcp://docker:2375",
                DockerPull.ALWAYS, new SandboxConfig(200_000, true, "builds", new Limits(256L << 20, 200))), config);
    }

    @Test
    void theSandboxDefaultsToNoNetworkHalfTheMemoryAnd4096Processes() {
        SandboxConfig sandbox = IsolationConfig.fromEnvironment(HOME, Map.of("CGROUP_VERSION", "1")).sandbox();
        assertEquals(100_000, sandbox.uid());
        assertEquals(false, sandbox.chrootHostNetwork());
        assertEquals(null, sandbox.dockerNetwork());
        assertEquals(4096, sandbox.limits().pids());
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        assertEquals(total / 2, sandbox.limits().memoryBytes(), total / 100.0);
    }

    @Test
    void badSandboxSettingsAreNamed() {
        assertEquals("LURCH_MEMORY_LIMIT must be a size such as 536870912, 512M or 2G, not 'lots'",
                assertThrows(IllegalArgumentException.class, () -> IsolationConfig.fromEnvironment(HOME,
                        Map.of("CGROUP_VERSION", "1", "LURCH_MEMORY_LIMIT", "lots"))).getMessage());
        assertEquals("LURCH_DOCKER_PULL must be missing or always, not 'never'",
                assertThrows(IllegalArgumentException.class, () -> IsolationConfig.fromEnvironment(HOME,
                        Map.of("CGROUP_VERSION", "1", "LURCH_DOCKER_PULL", "never"))).getMessage());
        assertEquals("LURCH_CHROOT_NETWORK must be none or host, not 'bridge'",
                assertThrows(IllegalArgumentException.class, () -> IsolationConfig.fromEnvironment(HOME,
                        Map.of("CGROUP_VERSION", "1", "LURCH_CHROOT_NETWORK", "bridge"))).getMessage());
        assertEquals(3L << 30, Limits.parseSize("X", "3g"));
    }

    @Test
    void busyboxIsFoundOnThePathAndDockerHasItsDefaultSocket() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "config-test-bin").toAbsolutePath());
        Path busybox = dir.resolve("busybox");
        Files.deleteIfExists(busybox);
        Files.createFile(busybox).toFile().setExecutable(true);
        IsolationConfig config = IsolationConfig.fromEnvironment(HOME, Map.of("PATH", "/nonexistent:" + dir, "CGROUP_VERSION", "1"));
        assertEquals(busybox, config.tools().busybox());
        assertEquals("unix:///var/run/docker.sock", config.dockerHost());
        assertEquals(DockerPull.MISSING, config.dockerPull());
        assertEquals(new CgroupConfig(1, Path.of("/sys/fs/cgroup")), config.cgroups());
        assertEquals(Path.of("/bin/busybox"), IsolationConfig.fromEnvironment(HOME, Map.of("PATH", "/nonexistent", "CGROUP_VERSION", "1")).tools().busybox());
    }

    @Test
    void aBadCgroupVersionIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> IsolationConfig.fromEnvironment(HOME, Map.of("CGROUP_VERSION", "3")));
        assertEquals("CGROUP_VERSION must be 1 or 2, not '3'", error.getMessage());
    }

    @Test
    void detectsTheCgroupVersionOfThisHost() {
        int detected = CgroupConfig.fromEnvironment(Map.of()).version();
        boolean hasV1Memory = Files.isDirectory(Path.of("/sys/fs/cgroup/memory"));
        assertEquals(hasV1Memory ? 1 : 2, detected);
    }
}
