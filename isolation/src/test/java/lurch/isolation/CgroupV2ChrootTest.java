package lurch.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lurch.interpreter.ast.Builder;
import org.junit.jupiter.api.Test;

/**
 * The cgroup v2 code path on a real cgroup2 file system: on this kind of host the hybrid one at
 * /sys/fs/cgroup/unified, which has no controllers (so figures are 0), but entering, killing through
 * cgroup.kill and removing are the real thing. On a pure v2 host it runs against /sys/fs/cgroup.
 */
class CgroupV2ChrootTest {


    @Test
    void execsEnterKillAndLeaveTheirV2Cgroups() throws Exception {
        TestHosts.assumeRootWithBusybox();
        Path mountPoint = List.of(Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup")).stream()
                .filter(CgroupConfig::isCgroup2).findFirst().orElse(null);
        assumeTrue(mountPoint != null, "no cgroup2 file system mounted");
        IsolationConfig v1 = TestHosts.config(TestHosts.freshDirectory("v2-home"));
        IsolationConfig config = new IsolationConfig(v1.home(), v1.tools(), new CgroupConfig(2, mountPoint), v1.dockerHost(), v1.dockerPull(), v1.sandbox());
        try (Isolator isolator = Isolators.create(config)) {
            try {
                runsKillsAndRemoves(isolator, mountPoint);
            } finally {
                isolator.removeLeftovers(Set.of()).join();
            }
        }
    }

    private static void runsKillsAndRemoves(Isolator isolator, Path mountPoint) throws Exception {
        Environment env = isolator.setUp("v2", new Builder.Chroot("busybox"), TestHosts.freshDirectory("v2-ws"), OutputSink.NONE);
        RecordingSink output = new RecordingSink();
        assertEquals(0, isolator.start(env, ExecRequest.of("/bin/cat", "/proc/self/cgroup"), output)
                .result().get(10, TimeUnit.SECONDS).exitCode());
        assertTrue(output.texts(Stream.STDOUT).stream().anyMatch(line -> line.matches("0::/lurch/h[0-9a-f]+-v2\\.[0-9a-z]+")),
                output.texts(Stream.STDOUT).toString());

        Execution sleeper = isolator.start(env, ExecRequest.of("/bin/sh", "-c", "sleep 100 & sleep 100"), OutputSink.NONE);
        Thread.sleep(200);
        sleeper.kill();
        assertEquals(-9, sleeper.result().get(1, TimeUnit.SECONDS).exitCode());
        isolator.tearDown("v2");
        try (var left = Files.list(mountPoint.resolve("lurch"))) {
            assertTrue(left.noneMatch(dir -> dir.getFileName().toString().startsWith("v2.")));
        }
    }
}
