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
                "CGROUP_VERSION", "2", "CGROUP_MOUNT_POINT", "/lurch/cgroup", "DOCKER_HOST", "tcp://docker:2375"));
        assertEquals(new IsolationConfig(HOME, Path.of("/opt/busybox"), new CgroupConfig(2, Path.of("/lurch/cgroup")),
                "tcp://docker:2375"), config);
    }

    @Test
    void busyboxIsFoundOnThePathAndDockerHasItsDefaultSocket() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "config-test-bin").toAbsolutePath());
        Path busybox = dir.resolve("busybox");
        Files.deleteIfExists(busybox);
        Files.createFile(busybox).toFile().setExecutable(true);
        IsolationConfig config = IsolationConfig.fromEnvironment(HOME, Map.of("PATH", "/nonexistent:" + dir, "CGROUP_VERSION", "1"));
        assertEquals(busybox, config.busybox());
        assertEquals("unix:///var/run/docker.sock", config.dockerHost());
        assertEquals(new CgroupConfig(1, Path.of("/sys/fs/cgroup")), config.cgroups());
        assertEquals(Path.of("/bin/busybox"), IsolationConfig.fromEnvironment(HOME, Map.of("PATH", "/nonexistent", "CGROUP_VERSION", "1")).busybox());
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
