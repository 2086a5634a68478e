package lurch.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import lurch.interpreter.ast.Builder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs written as an attacker would write them, in a chroot isolate and, where the attack applies, in a
 * container: each test asserts that the harm did not happen and how the exec ended, and that an ordinary
 * program still works in the same isolate afterwards. Limits are small here (256M, 200 processes) so that the
 * attacks hit them quickly; nothing here writes to sysrq for real or forks without bound on the host.
 */
class HostileProgramsTest {

    private static final String CHROOT = "chroot", DOCKER = "docker";

    private Path home;
    private Path workspace;
    private Path marker;
    private Isolator isolator;
    private Environment env;
    private String kind;

    @BeforeEach
    void setUp() throws IOException {
        TestHosts.assumeRootWithBusybox();
        home = TestHosts.freshDirectory("hostile-home");
        workspace = TestHosts.freshDirectory("hostile-workspace");
        marker = TestHosts.freshDirectory("hostile-host").resolve("secret.txt");
        Files.writeString(marker, "host secret 7f3a\n");
        Map<String, String> settings = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "LURCH_BUSYBOX", "/bin/busybox",
                "LURCH_MEMORY_LIMIT", "256M", "LURCH_PIDS_LIMIT", "200"));
        isolator = Isolators.create(IsolationConfig.fromEnvironment(home, settings));
    }

    @AfterEach
    void tearDown() {
        if (isolator != null) {
            isolator.tearDown("hostile");
            isolator.removeLeftovers(Set.of()).join();
            isolator.close();
        }
    }

    private void isolate(String kind) throws Exception {
        this.kind = kind;
        if (kind.equals(DOCKER)) {
            TestHosts.assumeDockerWithTestImage();
        }
        Builder builder = kind.equals(CHROOT) ? new Builder.Chroot("busybox") : new Builder.Docker(TestHosts.IMAGE);
        env = isolator.setUp("hostile", builder, workspace, OutputSink.NONE);
    }

    private Result sh(String script) throws Exception {
        return run(ExecRequest.of("/bin/sh", "-c", script));
    }

    private Result run(ExecRequest request) throws Exception {
        RecordingSink output = new RecordingSink();
        ExecResult result = isolator.start(env, request, output).result().get(60, TimeUnit.SECONDS);
        return new Result(result.exitCode(), output);
    }

    private record Result(int exitCode, RecordingSink output) {
        String all() {
            return String.join("\n", output.lines().stream().map(RecordingSink.Line::text).toList());
        }

        List<String> stdout() {
            return output.texts(lurch.isolation.Stream.STDOUT);
        }
    }

    /** The ordinary program every test ends with: write the workspace, print, exit 0. */
    private void anOrdinaryProgramStillWorks() throws Exception {
        Result ordinary = sh("echo built > result.txt && cat result.txt");
        assertEquals(0, ordinary.exitCode(), ordinary.all());
        assertEquals(List.of("built"), ordinary.stdout());
        assertEquals("built\n", Files.readString(workspace.resolve("result.txt")));
        assertTrue(ordinary.output().texts(lurch.isolation.Stream.INFO).stream().noneMatch(line -> line.contains("limit")),
                "a limit the previous exec reached is not blamed on this one: " + ordinary.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROOT, DOCKER})
    void hostFilesCannotBeReadThroughProcDotDotOrAbsolutePaths(String kind) throws Exception {
        isolate(kind);
        String path = marker.toString();
        Result result = sh("cat " + path + "; cat ../../../../../../.." + path + "; for root in /proc/*/root; do cat $root" + path
                + "; done; cd /; cd ../../..; cat ." + path + "; echo finished");
        assertFalse(result.all().contains("7f3a"), result.all());
        assertTrue(result.stdout().contains("finished"));
        anOrdinaryProgramStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROOT, DOCKER})
    void aSymlinkInTheWorkspaceLeadsNowhereOnTheHostAndTheServerDoesNotFollowIt(String kind) throws Exception {
        isolate(kind);
        Result result = sh("ln -s " + marker + " link && ln -s " + marker.getParent() + " dir && cat link dir/secret.txt; echo done");
        assertFalse(result.all().contains("7f3a"), result.all());
        assertTrue(Files.isSymbolicLink(workspace.resolve("link")));
        long ownerBefore = (int) Files.getAttribute(marker, "unix:uid");
        isolator.tearDown("hostile");
        isolate(CHROOT); // hands the workspace to the sandbox uid again: links themselves, never their targets
        assertEquals(ownerBefore, (int) Files.getAttribute(marker, "unix:uid"));
        assertEquals(ownerBefore, (int) Files.getAttribute(marker.getParent(), "unix:uid"));
        assertEquals(100_000, (int) Files.getAttribute(workspace.resolve("link"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("host secret 7f3a\n", Files.readString(marker));
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROOT, DOCKER})
    void hostProcessesCanBeNeitherSeenNorSignalled(String kind) throws Exception {
        isolate(kind);
        long server = ProcessHandle.current().pid();
        Result result = sh("ls /proc | grep -c '^[0-9]'; kill -0 " + server + " && echo signalled; ps -o pid,args");
        assertFalse(result.stdout().contains("signalled"), result.all());
        int visible = Integer.parseInt(result.stdout().getFirst());
        assertTrue(visible < 10, visible + " processes visible: " + result.all());
        assertTrue(ProcessHandle.allProcesses().count() > 50, "the host has many more");
        assertFalse(result.all().contains("java"), result.all());
        anOrdinaryProgramStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROOT, DOCKER})
    void hostServicesOnTheLoopbackAreOutOfReach(String kind) throws Exception {
        isolate(kind);
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket lurch = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!lurch.isClosed()) {
                    try (var connection = lurch.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Result result = sh("nc 127.0.0.1 " + lurch.getLocalPort() + " </dev/null && echo reached-lurch;"
                    + " nc 127.0.0.1 5432 </dev/null && echo reached-postgresql; echo tried");
            assertFalse(result.all().contains("reached"), result.all());
            assertEquals(List.of("tried"), result.stdout());
        }
        assertEquals(0, accepted.get());
        anOrdinaryProgramStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROOT, DOCKER})
    void devicesCannotBeMadeNorSysrqWritten(String kind) throws Exception {
        isolate(kind);
        // ": >" opens for writing and writes nothing: harmless even where it would succeed
        Result result = sh("mknod /tmp/disk b 8 0 && echo made; (: > /proc/sysrq-trigger) 2>/dev/null && echo sysrq-open;"
                + " grep NoNewPrivs /proc/self/status");
        assertFalse(result.all().contains("made"), result.all());
        assertFalse(result.all().contains("sysrq-open"), result.all());
        assertTrue(result.stdout().contains("NoNewPrivs:\t1"), result.all());
        anOrdinaryProgramStillWorks();
    }

    /**
     * Root of the isolate may unmount its own /workspace and leave a symlink to a host path in its place: the
     * next exec must still start in the isolate's tree, never follow the link from the host's root.
     */
    @Test
    void aWorkspaceSwappedForASymlinkToAHostPathIsResolvedInsideTheIsolate() throws Exception {
        isolate(CHROOT);
        Result swap = sh("cd /; umount -l /workspace && rmdir /workspace && ln -s " + marker.getParent() + " /workspace && echo swapped");
        assertEquals(List.of("swapped"), swap.stdout(), swap.all());
        Result next = sh("pwd; cat secret.txt; echo finished");
        assertFalse(next.all().contains("7f3a"), next.all());
    }

    @Test
    void theHostNetworkIsAnOptIn() throws Exception {
        isolator.close();
        isolator = Isolators.create(IsolationConfig.fromEnvironment(home, Map.of("PATH", "/usr/bin:/bin",
                "LURCH_BUSYBOX", "/bin/busybox", "LURCH_CHROOT_NETWORK", "host")));
        isolate(CHROOT);
        try (ServerSocket service = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var connection = service.accept()) {
                    connection.getOutputStream().write("hello from the host\n".getBytes());
                } catch (IOException e) {
                    // the test fails on the missing line
                }
            });
            Result result = sh("nc 127.0.0.1 " + service.getLocalPort() + " </dev/null");
            assertEquals(List.of("hello from the host"), result.stdout(), result.all());
        }
    }

    @Test
    void theHostsEnvironmentIsNotInTheIsolatesInit() throws Exception {
        isolate(CHROOT);
        Result result = sh("tr '\\0' '\\n' < /proc/1/environ; echo end");
        assertEquals(List.of("end"), result.stdout(), result.all());
        assertTrue(System.getenv().containsKey("PATH"), "the server has an environment to leak");
    }

    /**
     * The process of a chroot exec runs on {@code lurch-sandbox}'s memory until it execs, on a stack of its own:
     * execvp's copy of a long argument list (for a script without "#!", run by /bin/sh) must fit on it, or it would
     * write over the memory of the host's root process that starts every exec of the isolate.
     */
    @Test
    void aScriptWithoutInterpreterLineGetsAllOfAHugeArgumentListAndTheIsolateGoesOn() throws Exception {
        isolate(CHROOT);
        assertEquals(0, sh("echo 'echo $#' > count && chmod 755 count").exitCode());
        List<String> args = Collections.nCopies(150_000, "a");
        Result count = run(new ExecRequest("count", args, Map.of("PATH", "/workspace:/bin")));
        assertEquals(0, count.exitCode(), count.all());
        assertEquals(List.of("150000"), count.stdout());
        anOrdinaryProgramStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROOT, DOCKER})
    void aProgramAllocatingPastTheMemoryLimitIsKilledAndSaysWhy(String kind) throws Exception {
        isolate(kind);
        Result result = sh("dd if=/dev/zero of=/dev/null bs=600M count=1");
        assertEquals(-9, result.exitCode(), result.all());
        assertTrue(result.output().texts(lurch.isolation.Stream.INFO)
                .contains("lurch: killed: the isolate reached its memory limit of 256 MiB (LURCH_MEMORY_LIMIT)"), result.all());
        anOrdinaryProgramStillWorks();
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROOT, DOCKER})
    void forksPastTheProcessLimitFailInsideAndNothingIsLeftAfterwards(String kind) throws Exception {
        isolate(kind);
        Result result = sh("i=0; while [ $i -lt 400 ]; do sleep " + SLEEP_SECONDS + " & i=$((i+1)); done; echo all-started");
        assertFalse(result.stdout().contains("all-started"), result.all());
        assertNotEquals(0, result.exitCode());
        if (kind.equals(CHROOT)) {
            assertTrue(result.output().texts(lurch.isolation.Stream.INFO).stream()
                    .anyMatch(line -> line.contains("the isolate reached its limit of 200 processes (LURCH_PIDS_LIMIT)")), result.all());
        }
        assertEquals(0, sleepers(), "no background process outlives the exec");
        anOrdinaryProgramStillWorks();
    }

    /**
     * How long the forked sleepers sleep: a number of this JVM's own, so that another test run on the same machine
     * (another checkout's suite, a fault harness) is not counted as this one's leftover.
     */
    private static final int SLEEP_SECONDS = 100_000 + new java.util.Random().nextInt(800_000);

    /** Host processes running this test's sleep. */
    private static long sleepers() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(dir -> dir.getFileName().toString().matches("[0-9]+")).filter(dir -> {
                try {
                    String cmdline = Files.readString(dir.resolve("cmdline")).replace('\0', ' ').strip();
                    String stat = Files.readString(dir.resolve("stat"));
                    return cmdline.endsWith("sleep " + SLEEP_SECONDS) && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
