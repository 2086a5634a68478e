package lurch.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import lurch.interpreter.ast.Builder;
import lurch.isolation.docker.DockerIsolator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Docker engine going away under docker isolates, for real: a dockerd of the test's own (own socket,
 * data-root, exec-root and network bridge; no iptables rules), never the shared engine, killed and stopped under
 * running execs. Skipped when no such dockerd can be started here.
 */
class DockerEngineLossTest {

    private static final Builder IMAGE = new Builder.Docker(TestHosts.IMAGE);
    private static final Builder BUSYBOX = new Builder.Chroot("busybox");

    private Path base;
    private String dockerHost;
    private String bridge;
    private Process dockerd;
    private Path home;
    private Path workspace;
    private Isolator isolator;

    @BeforeEach
    void startOwnEngine() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "an own dockerd needs root");
        assumeTrue(TestHosts.run("dockerd", "--version"), "no dockerd on the PATH");
        // short: a unix socket path has at most 107 bytes
        base = Files.createTempDirectory(Path.of("/tmp"), "lurch-engine-loss-");
        dockerHost = "unix://" + base.resolve("docker.sock");
        // a bridge of its own: a dockerd with "--bridge none" deletes the host's docker0, the shared engine's bridge
        bridge = "lurchel" + Long.toHexString(ThreadLocalRandom.current().nextLong(0x100000, 0xffffff));
        assumeTrue(run("sh", "-c", "ip link add " + bridge + " type bridge && ip addr add 10.213."
                + ThreadLocalRandom.current().nextInt(256) + ".1/24 dev " + bridge + " && ip link set " + bridge + " up"),
                "cannot make a network bridge for the test's dockerd");
        assumeTrue(startDockerd(), "cannot start a dockerd of the test's own; see " + base.resolve("dockerd.log"));
        Path script = Path.of("src/test/resources/make-busybox-image.sh").toAbsolutePath();
        assumeTrue(docker("sh", script.toString()), "cannot import " + TestHosts.IMAGE + " into the test's dockerd");
        home = TestHosts.freshDirectory("engine-loss-home");
        workspace = TestHosts.freshDirectory("engine-loss-workspace");
        isolator = Isolators.create(IsolationConfig.fromEnvironment(home, Map.of("PATH", "/usr/bin:/bin",
                "LURCH_BUSYBOX", "/bin/busybox", "DOCKER_HOST", dockerHost)));
    }

    @AfterEach
    void stopOwnEngine() throws Exception {
        if (isolator != null) {
            isolator.close();
        }
        if (dockerd != null) {
            run("kill", "-CONT", Long.toString(dockerd.pid()));
            if (dockerd.isAlive()) {
                docker("docker", "rm", "-f", DockerIsolator.containerName(home, "lost"), DockerIsolator.containerName(home, "hung"),
                        DockerIsolator.containerName(home, "back"));
            }
            stop(dockerd);
            // what a killed dockerd may leave running (containerd shims, the containers' processes) names base
            ownEngineProcesses().forEach(process -> process.descendants().forEach(ProcessHandle::destroyForcibly));
            ownEngineProcesses().forEach(ProcessHandle::destroyForcibly);
            run("sh", "-c", "umount -R " + base + "/data 2>/dev/null; rm -rf " + base);
        }
        if (bridge != null) {
            run("ip", "link", "delete", bridge);
        }
    }

    @Test
    void anExecFailsWhenTheEngineIsKilledAndDockerWorksAgainWhenItIsBack() throws Exception {
        Environment env = isolator.setUp("lost", IMAGE, workspace, new RecordingSink());
        RecordingSink output = new RecordingSink();
        Execution execution = startAndAwait(env, output);

        long killedAt = System.nanoTime();
        dockerd.destroyForcibly().waitFor(); // SIGKILL
        ExecResult result = execution.result().get(30, TimeUnit.SECONDS);
        System.out.printf("[isolation] docker exec failed %.0f ms after its engine was killed%n", (System.nanoTime() - killedAt) / 1e6);
        awaitContainerdGone();
        assertEquals(ExecResult.COULD_NOT_START, result.exitCode());
        assertTrue(output.texts(Stream.INFO).stream().anyMatch(line -> line.startsWith(
                "lurch: the Docker engine at " + dockerHost + " stopped answering: ")), output.lines().toString());
        isolator.tearDown("lost"); // the engine cannot remove the container now

        long before = System.nanoTime();
        IsolationException error = assertThrows(IsolationException.class,
                () -> isolator.setUp("down", IMAGE, workspace, new RecordingSink()));
        assertTrue(error.getMessage().contains("the Docker engine at " + dockerHost + " stopped answering: "), error.getMessage());
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(30));
        assertChrootsStillWork();

        assertTrue(startDockerd(), "the test's dockerd did not start again; see " + base.resolve("dockerd.log"));
        Environment back = isolator.setUp("back", IMAGE, workspace, new RecordingSink());
        RecordingSink again = new RecordingSink();
        assertEquals(0, isolator.start(back, ExecRequest.of("echo", "back"), again).result().get(20, TimeUnit.SECONDS).exitCode());
        assertEquals(List.of("back"), again.texts(Stream.STDOUT));
        assertFalse(containerExists("lost"), "the container of the torn-down isolate is removed once the engine answers");
    }

    @Test
    void anExecEndsWhenTheEngineStopsAnsweringWithoutClosingItsStream() throws Exception {
        Environment env = isolator.setUp("hung", IMAGE, workspace, new RecordingSink());
        RecordingSink output = new RecordingSink();
        Execution execution = startAndAwait(env, output);

        long stoppedAt = System.nanoTime();
        run("kill", "-STOP", Long.toString(dockerd.pid()));
        ExecResult result = execution.result().get(30, TimeUnit.SECONDS);
        System.out.printf("[isolation] docker exec failed %.0f ms after its engine was stopped%n", (System.nanoTime() - stoppedAt) / 1e6);
        assertEquals(ExecResult.COULD_NOT_START, result.exitCode());
        assertTrue(output.texts(Stream.INFO).stream().anyMatch(line -> line.startsWith(
                "lurch: the Docker engine at " + dockerHost + " stopped answering: ")), output.lines().toString());
        run("kill", "-CONT", Long.toString(dockerd.pid()));
        isolator.tearDown("hung");
        // an engine just woken may still refuse the removal: what it could not remove goes once it answers
        for (int i = 0; i < 100 && containerExists("hung"); i++) {
            Thread.sleep(200);
        }
        assertFalse(containerExists("hung"));
    }

    private Execution startAndAwait(Environment env, RecordingSink output) throws Exception {
        Execution execution = isolator.start(env, ExecRequest.of("/bin/sh", "-c", "echo started; sleep 300"), output);
        for (int i = 0; i < 2000 && !output.texts(Stream.STDOUT).contains("started"); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of("started"), output.texts(Stream.STDOUT));
        return execution;
    }

    private void assertChrootsStillWork() throws Exception {
        if (!Files.isExecutable(Path.of("/bin/busybox"))) {
            return;
        }
        Environment chroot = isolator.setUp("chroot", BUSYBOX, TestHosts.freshDirectory("engine-loss-chroot"), new RecordingSink());
        RecordingSink output = new RecordingSink();
        assertEquals(0, isolator.start(chroot, ExecRequest.of("echo", "unaffected"), output).result().get(20, TimeUnit.SECONDS).exitCode());
        assertEquals(List.of("unaffected"), output.texts(Stream.STDOUT));
        isolator.tearDown("chroot");
    }

    private boolean startDockerd() throws Exception {
        Files.deleteIfExists(base.resolve("docker.pid")); // what a killed dockerd leaves, and the next one refuses
        List<String> command = new ArrayList<>(List.of("dockerd", "--host", dockerHost,
                "--data-root", base.resolve("data").toString(), "--exec-root", base.resolve("exec").toString(),
                "--pidfile", base.resolve("docker.pid").toString(), "--bridge", bridge, "--iptables=false", "--ip-masq=false"));
        dockerd = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("dockerd.log").toFile())).start();
        for (int i = 0; i < 60 && !docker("docker", "info"); i++) {
            if (!dockerd.isAlive()) {
                break;
            }
            Thread.sleep(500);
        }
        return dockerd.isAlive() && docker("docker", "info");
    }

    private java.util.stream.Stream<ProcessHandle> ownEngineProcesses() {
        return ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .map(line -> line.contains(base.toString())).orElse(false)).toList().stream();
    }

    /** Its containerd ends with a killed dockerd, but not at once; a dockerd started before then fails. */
    private void awaitContainerdGone() throws Exception {
        Path pidFile = base.resolve("exec/containerd/containerd.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(containerd -> {
                containerd.destroy();
                containerd.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(timeout -> null).join();
            });
        }
    }

    private boolean containerExists(String isolateId) throws IOException, InterruptedException {
        return docker("docker", "inspect", DockerIsolator.containerName(home, isolateId));
    }

    private boolean docker(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DOCKER_HOST", dockerHost);
        return TestHosts.finished(builder);
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        return TestHosts.run(command);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
