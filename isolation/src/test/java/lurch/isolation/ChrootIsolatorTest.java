package lurch.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static lurch.isolation.TestHosts.isRunning;
import static lurch.isolation.TestHosts.waitFor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lurch.interpreter.ast.Builder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real chroots, mounts and cgroups (v1 here, whatever the machine has elsewhere). */
class ChrootIsolatorTest {

    private static final Builder BUSYBOX = new Builder.Chroot("busybox");

    @RegisterExtension
    final ChrootHome chrootHome = new ChrootHome();
    private Path home;
    private Path workspace;
    private Isolator isolator;
    private final RecordingSink log = new RecordingSink();

    @BeforeEach
    void setUp() {
        home = chrootHome.home();
        workspace = chrootHome.workspace();
        isolator = chrootHome.isolator();
    }

    private ExecResult run(Environment env, RecordingSink output, String path, String... args) throws Exception {
        return isolator.start(env, ExecRequest.of(path, args), output).result().get(20, TimeUnit.SECONDS);
    }

    @Test
    void binHoldsAllBusyboxApplets() throws Exception {
        Environment env = isolator.setUp("ls", BUSYBOX, workspace, log);
        RecordingSink output = new RecordingSink();
        assertEquals(0, run(env, output, "/bin/ls", "/bin").exitCode());
        List<String> applets = output.texts(Stream.STDOUT);
        assertTrue(applets.containsAll(List.of("busybox", "sh", "ls", "sed", "awk", "env", "true")), applets.toString());
        assertTrue(applets.size() > 200, applets.size() + " applets");
    }

    @Test
    void separatesStdoutAndStderrAndReportsExitCodes() throws Exception {
        Environment env = isolator.setUp("streams", BUSYBOX, workspace, log);
        RecordingSink output = new RecordingSink();
        ExecResult result = run(env, output, "/bin/sh", "-c", "echo out; echo err >&2; printf 'no newline'; exit 3");
        assertEquals(3, result.exitCode());
        assertEquals(List.of("out", "no newline"), output.texts(Stream.STDOUT));
        assertEquals(List.of("err"), output.texts(Stream.STDERR));
        assertEquals(0, run(env, new RecordingSink(), "true").exitCode());
        assertEquals(1, run(env, new RecordingSink(), "/bin/false").exitCode());
    }

    @Test
    void aMissingProgramEndsWith127AndSaysSo() throws Exception {
        Environment env = isolator.setUp("missing", BUSYBOX, workspace, log);
        RecordingSink output = new RecordingSink();
        assertEquals(127, run(env, output, "/usr/local/bin/nothing-here").exitCode());
        assertEquals(List.of("lurch-sandbox: cannot run '/usr/local/bin/nothing-here': No such file or directory"),
                output.texts(Stream.STDERR));
    }

    @Test
    void theEnvironmentIsExactlyTheOneGiven() throws Exception {
        Environment env = isolator.setUp("env", BUSYBOX, workspace, log);
        RecordingSink output = new RecordingSink();
        ExecRequest request = new ExecRequest("/bin/env", List.of(), Map.of("GREETING", "hello world", "EMPTY", ""));
        assertEquals(0, isolator.start(env, request, output).result().get(10, TimeUnit.SECONDS).exitCode());
        assertEquals(Set.of("GREETING=hello world", "EMPTY="), Set.copyOf(output.texts(Stream.STDOUT)));
    }

    /**
     * Arguments and variables travel to lurch-sandbox in one request: whatever they hold arrives as it was, and
     * what cannot travel (a NUL, megabytes) is refused by name without harm to the isolate.
     */
    @Test
    void argumentsAndVariablesArriveExactlyWhateverTheyHold() throws Exception {
        Environment env = isolator.setUp("odd", BUSYBOX, workspace, log);
        RecordingSink output = new RecordingSink();
        ExecRequest request = new ExecRequest("/bin/sh", List.of("-c", "printf '[%s]' \"$@\" \"$ODD\"", "sh", "two\nlines",
                "", "12\n", "exec 1 0 0 /bin/reboot", "日本語 ✓"), Map.of("ODD", "a=b\nc\n"));
        assertEquals(0, isolator.start(env, request, output).result().get(10, TimeUnit.SECONDS).exitCode());
        assertEquals("[two\nlines][][12\n][exec 1 0 0 /bin/reboot][日本語 ✓][a=b\nc\n]", String.join("\n", output.texts(Stream.STDOUT)));
        IsolationException refused = assertThrows(IsolationException.class,
                () -> isolator.start(env, ExecRequest.of("/bin/echo", "cut\0here"), new RecordingSink()));
        assertTrue(refused.getMessage().endsWith("an argument or variable contains a NUL character: cut?here"), refused.getMessage());
        IsolationException tooBig = assertThrows(IsolationException.class,
                () -> isolator.start(env, ExecRequest.of("/bin/echo", "x".repeat(5 << 20)), new RecordingSink()));
        assertTrue(tooBig.getMessage().endsWith("bytes: more than an exec can take"), tooBig.getMessage());
        RecordingSink tooLong = new RecordingSink(); // under hold's limit, over the kernel's: exec itself refuses it
        assertEquals(126, run(env, tooLong, "/bin/echo", "x".repeat(3 << 20)).exitCode());
        assertEquals(List.of("lurch-sandbox: cannot run '/bin/echo': Argument list too long"), tooLong.texts(Stream.STDERR));
        assertEquals(0, run(env, new RecordingSink(), "/bin/true").exitCode(), "the isolate goes on");
    }

    @Test
    void runsInTheWorkspaceWhoseFilesAppearOnTheHost() throws Exception {
        Files.writeString(workspace.resolve("input.txt"), "from the host\n");
        Environment env = isolator.setUp("cwd", BUSYBOX, workspace, log);
        RecordingSink output = new RecordingSink();
        assertEquals(0, run(env, output, "/bin/sh", "-c", "pwd; cat input.txt; echo made inside > output.txt").exitCode());
        assertEquals(List.of("/workspace", "from the host"), output.texts(Stream.STDOUT));
        assertEquals("made inside\n", Files.readString(workspace.resolve("output.txt")));
    }

    @Test
    void killStopsTheProgramAndAllItsChildrenWithinASecond() throws Exception {
        Environment env = isolator.setUp("kill", BUSYBOX, workspace, log);
        RecordingSink output = new RecordingSink();
        Execution execution = isolator.start(env, ExecRequest.of("/bin/sh", "-c", "sleep 100 & sleep 100 & echo started; wait"), output);
        waitFor(() -> sleepersIn(env).size() == 2);
        Set<Long> sleepers = sleepersIn(env);
        long killedAt = System.nanoTime();
        execution.kill();
        ExecResult result = execution.result().get(1, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - killedAt < 1_000_000_000L);
        assertEquals(-9, result.exitCode());
        sleepers.forEach(pid -> assertFalse(isRunning(pid), "sleep " + pid + " still runs"));
        execution.kill(); // idempotent
    }

    @Test
    void backgroundProcessesDoNotOutliveTheirExec() throws Exception {
        Environment env = isolator.setUp("background", BUSYBOX, workspace, log);
        assertEquals(0, run(env, new RecordingSink(), "/bin/sh", "-c", "sleep 100 & exit 0").exitCode());
        assertTrue(sleepersIn(env).isEmpty());
    }

    @Test
    void measuresCpuAndMemoryOfTheExec() throws Exception {
        Environment env = isolator.setUp("busy", BUSYBOX, workspace, log);
        // user and system time are split at the scheduler's ticks: enough of each (about 0.2 s) to be seen
        ExecResult result = run(env, new RecordingSink(), "/bin/sh", "-c",
                "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; dd if=/dev/zero of=/dev/null bs=1M count=3000 2>/dev/null");
        assertEquals(0, result.exitCode());
        assertTrue(result.usage().cpuUserSeconds() > 0, result.usage().toString());
        assertTrue(result.usage().cpuSystemSeconds() > 0, result.usage().toString());
        assertTrue(result.usage().memoryPeakBytes() > 1_000_000, result.usage().toString());
    }

    @Test
    void eachExecOfAnIsolateIsMeasuredOnItsOwn() throws Exception {
        Environment env = isolator.setUp("one-by-one", BUSYBOX, workspace, log);
        ExecResult heavy = run(env, new RecordingSink(), "/bin/sh", "-c",
                "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; dd if=/dev/zero of=/dev/null bs=100M count=1 2>/dev/null");
        ExecResult light = run(env, new RecordingSink(), "/bin/true");
        assertEquals(0, heavy.exitCode());
        assertTrue(heavy.usage().memoryPeakBytes() > 100_000_000, heavy.usage().toString());
        assertTrue(light.usage().memoryPeakBytes() < 20_000_000, "the heavy exec's peak is not the light one's: " + light.usage());
        assertTrue(light.usage().cpuUserSeconds() < heavy.usage().cpuUserSeconds() / 10,
                "the heavy exec's CPU is not the light one's: " + heavy.usage() + " then " + light.usage());
    }

    @Test
    void deliversAMillionLinesInOrderQuickly() throws Exception {
        Environment env = isolator.setUp("million", BUSYBOX, workspace, log);
        double cold = secondsForAMillionLines(env);
        double warm = secondsForAMillionLines(env); // as in a server that has run for a while
        long started = System.nanoTime();
        Process plain = new ProcessBuilder("/bin/busybox", "seq", "1", "1000000").start();
        plain.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        plain.waitFor();
        double plainSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[isolation] seq 1 1000000: %.3f s (first run in this JVM) and %.3f s as lines through lurch,"
                + " %.3f s as bytes through a plain pipe: overhead %.3f s warm%n", cold, warm, plainSeconds, warm - plainSeconds);
    }

    private double secondsForAMillionLines(Environment env) throws Exception {
        long[] count = {0};
        boolean[] inOrder = {true};
        OutputSink counting = (stream, millis, text) -> {
            count[0]++;
            inOrder[0] &= text.equals(Long.toString(count[0]));
        };
        long started = System.nanoTime();
        ExecResult result = isolator.start(env, ExecRequest.of("seq", "1", "1000000"), counting).result().get(20, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(0, result.exitCode());
        assertEquals(1_000_000, count[0]);
        assertTrue(inOrder[0], "lines out of order");
        return seconds;
    }

    @Test
    void tearDownLeavesNoMountNoDirectoryAndKeepsTheWorkspace() throws Exception {
        Files.writeString(workspace.resolve("keep.txt"), "precious");
        Environment.Chroot env = (Environment.Chroot) isolator.setUp("gone", BUSYBOX, workspace, log);
        assertEquals(0, run(env, new RecordingSink(), "/bin/sh", "-c", "echo more > /workspace/also.txt; mkdir /tmp/x").exitCode());
        isolator.tearDown("gone");
        assertFalse(Files.exists(env.root()));
        assertTrue(mountsUnder(home).isEmpty(), mountsUnder(home).toString());
        assertEquals("precious", Files.readString(workspace.resolve("keep.txt")));
        assertEquals("more\n", Files.readString(workspace.resolve("also.txt")));
        isolator.tearDown("gone"); // idempotent
    }

    @Test
    void setUpTwiceGivesTheSameChroot() throws Exception {
        Environment first = isolator.setUp("twice", BUSYBOX, workspace, log);
        assertEquals(0, run(first, new RecordingSink(), "/bin/sh", "-c", "echo kept > /tmp/mark").exitCode());
        Environment second = isolator.setUp("twice", BUSYBOX, workspace, log);
        assertEquals(first, second);
        RecordingSink output = new RecordingSink();
        assertEquals(0, run(second, output, "/bin/cat", "/tmp/mark").exitCode());
        assertEquals(List.of("kept"), output.texts(Stream.STDOUT));
    }

    @Test
    void removeLeftoversCleansACrashButKeepsLiveIsolates() throws Exception {
        Environment.Chroot live = (Environment.Chroot) isolator.setUp("live", BUSYBOX, workspace, log);
        Environment.Chroot dead = (Environment.Chroot) isolator.setUp("dead", BUSYBOX, workspace, log);
        RecordingSink orphanOutput = new RecordingSink();
        Execution orphan = isolator.start(dead, ExecRequest.of("/bin/sh", "-c", "echo started; exec sleep 100"), orphanOutput);
        waitFor(() -> orphanOutput.texts(Stream.STDOUT).contains("started"));
        RecordingSink lostOutput = new RecordingSink();
        Execution lost = isolator.start(live, ExecRequest.of("/bin/sh", "-c", "echo started; exec sleep 100"), lostOutput);
        waitFor(() -> lostOutput.texts(Stream.STDOUT).contains("started"));
        isolator.close(); // the "crashed" server: a new one knows nothing of the above
        isolator = Isolators.create(TestHosts.config(home));
        isolator.removeLeftovers(Set.of("live")).join();
        assertEquals(137, orphan.result().get(5, TimeUnit.SECONDS).exitCode(), "SIGKILLed, but not by kill()");
        assertEquals(137, lost.result().get(5, TimeUnit.SECONDS).exitCode(),
                "no process outlives its server, even in an isolate that carries on");
        assertFalse(Files.exists(dead.root()));
        assertTrue(mountsUnder(dead.root()).isEmpty());
        Environment again = isolator.setUp("live", BUSYBOX, workspace, log);
        assertEquals(0, run(again, new RecordingSink(), "/bin/true").exitCode(), "a live isolate carries on in new namespaces");
        assertFalse(Files.list(Path.of("/sys/fs/cgroup/memory/lurch")).anyMatch(cg -> cg.getFileName().toString().contains("-dead.")));
    }

    @Test
    void unknownTemplatesAreRefusedByName() {
        IsolationException error = assertThrows(IsolationException.class,
                () -> isolator.setUp("bad", new Builder.Chroot("alpine"), workspace, log));
        assertEquals("unknown chroot template 'alpine': only \"busybox\" is available", error.getMessage());
    }

    @Test
    void printsTheOverheadOfSetUpExecAndTearDown() throws Exception {
        isolator.tearDown("warm");
        isolator.setUp("warm", BUSYBOX, workspace, log);
        run(isolator.setUp("warm", BUSYBOX, workspace, log), new RecordingSink(), "/bin/true");
        isolator.tearDown("warm");
        int rounds = 20;
        long[] setUp = new long[rounds], exec = new long[rounds], tearDown = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Environment env = isolator.setUp("t" + i, BUSYBOX, workspace, log);
            long t1 = System.nanoTime();
            assertEquals(0, run(env, new RecordingSink(), "/bin/true").exitCode());
            long t2 = System.nanoTime();
            isolator.tearDown("t" + i);
            setUp[i] = t1 - t0;
            exec[i] = t2 - t1;
            tearDown[i] = System.nanoTime() - t2;
        }
        System.out.printf("[isolation] chroot over %d rounds, median (min): setUp %s ms, exec /bin/true %s ms, tearDown %s ms%n",
                rounds, medianAndMin(setUp), medianAndMin(exec), medianAndMin(tearDown));
    }

    private static String medianAndMin(long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return String.format("%.2f (%.2f)", sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6);
    }

    private static List<Path> mountsUnder(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> Path.of(line.split(" ")[4])).filter(mount -> mount.startsWith(dir)).toList();
    }

    /** Pids of "sleep 100" processes in the cgroups of the isolate. */
    private static Set<Long> sleepersIn(Environment env) {
        return ProcessHandle.allProcesses().filter(process -> process.info().command().orElse("").endsWith("busybox")
                        && process.info().arguments().map(args -> args.length == 1 && args[0].equals("100")).orElse(false))
                .filter(process -> cgroupsOf(process.pid()).contains("-" + env.id() + "."))
                .map(ProcessHandle::pid).filter(TestHosts::isRunning)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static String cgroupsOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        } catch (IOException e) {
            return "";
        }
    }
}
