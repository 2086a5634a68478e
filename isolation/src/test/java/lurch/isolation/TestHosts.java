package lurch.isolation;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the real-system tests need from the machine, and fresh directories under target/. */
final class TestHosts {

    static final String IMAGE = "lurch-test/busybox:latest";

    private TestHosts() {}

    /** Root with a static busybox: chroots and cgroups can be made for real. */
    static void assumeRootWithBusybox() {
        assumeTrue("root".equals(System.getProperty("user.name")), "chroot tests need root");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "chroot tests need /bin/busybox (busybox-static)");
    }

    /** A reachable Docker engine holding the test image (made by make-busybox-image.sh). */
    static void assumeDockerWithTestImage() throws IOException, InterruptedException {
        assumeTrue(run("docker", "info"), "docker tests need a running Docker engine");
        Path script = Path.of("src/test/resources/make-busybox-image.sh").toAbsolutePath();
        assumeTrue(run("sh", script.toString()), "cannot build " + IMAGE + " with " + script);
    }

    static Path freshDirectory(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "test-" + name + "-" + UUID.randomUUID()).toAbsolutePath());
    }

    static IsolationConfig config(Path home) {
        return IsolationConfig.fromEnvironment(home, Map.of("PATH", "/usr/bin:/bin", "LURCH_BUSYBOX", "/bin/busybox"));
    }

    static boolean run(String... command) throws IOException, InterruptedException {
        return finished(new ProcessBuilder(command));
    }

    /** Whether the command ends well within a minute (its output discarded); false when it cannot start. */
    static boolean finished(ProcessBuilder command) throws InterruptedException {
        try {
            Process process = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Alive and not a zombie (an orphan's zombie lingers until init reaps it). */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "condition not met in 5 s");
    }
}
