package lurch.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lurch.interpreter.ast.Builder;
import lurch.isolation.docker.DockerIsolator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Docker engine with the image lurch-test/busybox:latest (see make-busybox-image.sh). */
class DockerIsolatorTest {

    private static final Builder IMAGE = new Builder.Docker(TestHosts.IMAGE);

    private Path home;
    private Path workspace;
    private Isolator isolator;
    private final RecordingSink log = new RecordingSink();

    @BeforeEach
    void setUp() throws Exception {
        TestHosts.assumeDockerWithTestImage();
        home = TestHosts.freshDirectory("docker-home");
        workspace = TestHosts.freshDirectory("docker-workspace");
        isolator = Isolators.create(TestHosts.config(home));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (isolator != null) {
            isolator.close();
            removeLeftoversAsARestartedServer(Set.of());
        }
    }

    private ExecResult run(Environment env, RecordingSink output, String path, String... args) throws Exception {
        return isolator.start(env, ExecRequest.of(path, args), output).result().get(20, TimeUnit.SECONDS);
    }

    @Test
    void execsSeeTheWorkspaceAndGiveTheirLinesAndExitCodes() throws Exception {
        Files.writeString(workspace.resolve("input.txt"), "from the host\n");
        Environment env = isolator.setUp("d1", IMAGE, workspace, log);
        RecordingSink output = new RecordingSink();
        ExecRequest request = new ExecRequest("/bin/sh", List.of("-c",
                "pwd; cat input.txt; echo $GREETING; echo oops >&2; echo made > output.txt; exit 4"), Map.of("GREETING", "hi"));
        ExecResult result = isolator.start(env, request, output).result().get(20, TimeUnit.SECONDS);
        assertEquals(4, result.exitCode());
        assertEquals(List.of("/workspace", "from the host", "hi"), output.texts(Stream.STDOUT));
        assertEquals(List.of("oops"), output.texts(Stream.STDERR));
        assertEquals("made\n", Files.readString(workspace.resolve("output.txt")));
        assertEquals(0, run(env, new RecordingSink(), "ls", "/bin").exitCode());
    }

    @Test
    void aMissingProgramEndsWith127() throws Exception {
        Environment env = isolator.setUp("d2", IMAGE, workspace, log);
        RecordingSink output = new RecordingSink();
        ExecResult result = run(env, output, "/no/such/program");
        assertEquals(127, result.exitCode(), output.lines().toString());
    }

    @Test
    void setUpIsIdempotentAndTearDownRemovesTheContainerButNotTheWorkspace() throws Exception {
        Files.writeString(workspace.resolve("keep.txt"), "precious");
        Environment first = isolator.setUp("d3", IMAGE, workspace, log);
        assertEquals(first, isolator.setUp("d3", IMAGE, workspace, log));
        isolator.tearDown("d3");
        assertFalse(containerExists("d3"));
        assertEquals("precious", Files.readString(workspace.resolve("keep.txt")));
        isolator.tearDown("d3");
    }

    @Test
    void killStopsTheExecAndItsChildrenWithinASecond() throws Exception {
        Environment env = isolator.setUp("d4", IMAGE, workspace, log);
        RecordingSink output = new RecordingSink();
        Execution execution = isolator.start(env, ExecRequest.of("/bin/sh", "-c", "sleep 100 & sleep 100 & echo started; wait"), output);
        for (int i = 0; i < 500 && !output.texts(Stream.STDOUT).contains("started"); i++) {
            Thread.sleep(10);
        }
        long killedAt = System.nanoTime();
        execution.kill();
        assertEquals(-9, execution.result().get(1, TimeUnit.SECONDS).exitCode());
        assertTrue(System.nanoTime() - killedAt < 1_000_000_000L);
        RecordingSink ps = new RecordingSink();
        run(env, ps, "ps", "-o", "args");
        assertTrue(ps.texts(Stream.STDOUT).stream().noneMatch(line -> line.contains("sleep 100")), ps.texts(Stream.STDOUT).toString());
    }

    @Test
    void measuresCpuOfABusyExec() throws Exception {
        Environment env = isolator.setUp("d5", IMAGE, workspace, log);
        ExecResult result = run(env, new RecordingSink(), "/bin/sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
        assertTrue(result.usage().cpuUserSeconds() > 0, result.usage().toString());
        assertTrue(result.usage().memoryPeakBytes() > 0, result.usage().toString());
    }

    @Test
    void removeLeftoversRemovesContainersOfDeadIsolatesOnly() throws Exception {
        isolator.setUp("d6live", IMAGE, workspace, log);
        isolator.setUp("d6dead", IMAGE, workspace, log);
        removeLeftoversAsARestartedServer(Set.of("d6live"));
        assertTrue(containerExists("d6live"));
        assertFalse(containerExists("d6dead"));
        assertTrue(Files.exists(home.resolve("containers-may-exist")), "a container is left: the next start looks again");
    }

    @Test
    void aCrashedServersContainersAreFoundThroughTheMarkItLeftAndTheMarkGoesWithThem() throws Exception {
        Path mark = home.resolve("containers-may-exist");
        assertFalse(Files.exists(mark), "no container yet: a start looks for none");
        isolator.setUp("d10", IMAGE, workspace, log);
        assertTrue(Files.exists(mark), "made before the container");
        isolator.close(); // as a crash: the container stays
        isolator = null;
        removeLeftoversAsARestartedServer(Set.of());
        assertFalse(containerExists("d10"));
        assertFalse(Files.exists(mark), "a clean-up that left no container removes the mark");
    }

    @Test
    void removeLeftoversSparesContainersItsOwnIsolatorStartedMeanwhile() throws Exception {
        isolator.setUp("d6new", IMAGE, workspace, log);
        isolator.removeLeftovers(Set.of()).get(30, TimeUnit.SECONDS);
        assertTrue(containerExists("d6new"));
    }

    @Test
    void anotherHomesServerNeitherSharesNorRemovesTheContainers() throws Exception {
        isolator.setUp("d9", IMAGE, workspace, log);
        try (Isolator other = Isolators.create(TestHosts.config(TestHosts.freshDirectory("other-docker-home")))) {
            other.removeLeftovers(Set.of()).get(30, TimeUnit.SECONDS);
        }
        assertTrue(containerExists("d9"));
    }

    private void removeLeftoversAsARestartedServer(Set<String> liveIds) throws Exception {
        try (Isolator restarted = Isolators.create(TestHosts.config(home))) {
            restarted.removeLeftovers(liveIds).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anImageThatCannotBePulledIsNamedInTheError() {
        IsolationException error = assertThrows(IsolationException.class,
                () -> isolator.setUp("d7", new Builder.Docker("lurch-test/does-not-exist:1"), workspace, log));
        assertTrue(error.getMessage().startsWith("cannot pull docker image 'lurch-test/does-not-exist:1': "), error.getMessage());
    }

    @Test
    void printsTheOverheadOfDockerIsolates() throws Exception {
        long t0 = System.nanoTime();
        Environment env = isolator.setUp("d8", IMAGE, workspace, log);
        long t1 = System.nanoTime();
        run(env, new RecordingSink(), "/bin/true");
        long t2 = System.nanoTime();
        isolator.tearDown("d8");
        long t3 = System.nanoTime();
        System.out.printf("[isolation] docker: setUp %.1f ms, exec /bin/true %.1f ms, tearDown %.1f ms%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }

    @Test
    void containersAreUnprivilegedLimitedAndSeeNoHostPathButTheWorkspace() throws Exception {
        isolator.setUp("d10", IMAGE, workspace, log);
        String settings = inspect("d10", "{{.HostConfig.Privileged}} {{.HostConfig.SecurityOpt}} {{.HostConfig.Init}}"
                + " {{.HostConfig.PidsLimit}} {{.HostConfig.Memory}} {{.HostConfig.NetworkMode}} {{.HostConfig.CapDrop}}"
                + " {{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}");
        long memory = TestHosts.config(home).sandbox().limits().memoryBytes();
        assertEquals("false [no-new-privileges] true 4096 " + memory + " default [MKNOD NET_RAW AUDIT_WRITE SETFCAP] "
                + workspace + ":/workspace", settings.strip());
    }

    private String inspect(String isolateId, String format) throws IOException, InterruptedException {
        Process inspect = new ProcessBuilder("docker", "inspect", "--format", format, DockerIsolator.containerName(home, isolateId))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(inspect.getInputStream().readAllBytes());
        inspect.waitFor();
        return output;
    }

    private boolean containerExists(String isolateId) throws IOException, InterruptedException {
        return new ProcessBuilder("docker", "inspect", DockerIsolator.containerName(home, isolateId))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }

    @Test
    void missingDoesNotPullAnImageTheEngineHas() throws Exception {
        isolator.setUp("d8", IMAGE, workspace, log);
        assertFalse(log.texts(Stream.INFO).stream().anyMatch(line -> line.startsWith("Pulling image")),
                log.texts(Stream.INFO).toString());
    }

    @Test
    void alwaysGoesOnWithTheLocalImageWhenNoRegistryAnswers() throws Exception {
        Isolator pulling = Isolators.create(IsolationConfig.fromEnvironment(home, Map.of("PATH", "/usr/bin:/bin",
                "LURCH_BUSYBOX", "/bin/busybox", "LURCH_DOCKER_PULL", "always")));
        try {
            Environment env = pulling.setUp("d9", IMAGE, workspace, log);
            assertEquals(0, pulling.start(env, ExecRequest.of("true"), new RecordingSink()).result()
                    .get(20, TimeUnit.SECONDS).exitCode());
            List<String> info = log.texts(Stream.INFO);
            assertTrue(info.contains("Pulling image " + TestHosts.IMAGE), info.toString());
            // no registry is reachable here (and this image is in none): the pull fails, the local image serves
            assertTrue(info.stream().anyMatch(line -> line.startsWith("Warning: cannot pull docker image '"
                    + TestHosts.IMAGE + "': ") && line.endsWith("; going on with the local image " + TestHosts.IMAGE)),
                    info.toString());
            pulling.tearDown("d9");
        } finally {
            pulling.close();
        }
    }

    @Test
    void anImageNeitherLocalNorPullableFailsWithAClearLine() throws Exception {
        Builder missing = new Builder.Docker("lurch-test/nothing-here:latest");
        IsolationException failure = assertThrows(IsolationException.class,
                () -> isolator.setUp("d10", missing, workspace, log));
        assertTrue(failure.getMessage().startsWith("cannot pull docker image 'lurch-test/nothing-here:latest': "),
                failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
    }
}
