package lurch.isolation;

import static lurch.isolation.TestHosts.isRunning;
import static lurch.isolation.TestHosts.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lurch.interpreter.ast.Builder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lurch-sandbox} itself: its installation by the isolator, and {@code hold} started by hand as the isolator
 * starts it, the test playing the server.
 */
class SandboxProgramTest {

    private static final Builder BUSYBOX = new Builder.Chroot("busybox");

    @RegisterExtension
    final ChrootHome chrootHome = new ChrootHome();
    private final RecordingSink log = new RecordingSink();

    @Test
    void anUpgradeInstallsItsOwnSandboxProgramAndRemovesTheOldOne() throws Exception {
        Path chroots = chrootHome.home().resolve("chroots");
        Path old = Files.createDirectories(chroots.resolve(".lurch-sandbox-0"));
        Files.writeString(old.resolve("lurch-sandbox"), "an earlier build\n");
        Environment env = chrootHome.isolator().setUp("upgraded", BUSYBOX, chrootHome.workspace(), log);
        ExecResult result = chrootHome.isolator().start(env, ExecRequest.of("/bin/true"), new RecordingSink()).result()
                .get(20, TimeUnit.SECONDS);
        assertEquals(0, result.exitCode());
        try (var dirs = Files.list(chroots)) {
            List<String> installed = dirs.map(dir -> dir.getFileName().toString()).filter(name -> name.startsWith(".lurch-sandbox-")).toList();
            assertEquals(1, installed.size(), installed.toString());
            assertFalse(installed.contains(".lurch-sandbox-0"));
        }
    }

    /**
     * {@code hold} joins cgroups by writing into the files it is given: it writes into none but a cgroup's
     * {@code tasks} or {@code cgroup.procs}. A host file in their place, as arguments in the wrong order would put it
     * (a test once passed an argument too many, and its "0" overwrote the host's busybox), is left as it was.
     */
    @Test
    void holdWritesIntoNoFileButACgroupsEntryFile() throws Exception {
        Path hostFile = Files.writeString(chrootHome.home().resolve("precious"), "ELF\n");
        Process hold = holdByHand(hostFile.toString());
        String said = new String(hold.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(hold.waitFor(5, TimeUnit.SECONDS));
        assertNotEquals(0, hold.exitValue());
        assertTrue(said.startsWith("lurch-sandbox: cannot join the cgroup of " + hostFile), said);
        assertEquals("ELF\n", Files.readString(hostFile));
        Files.delete(chrootHome.home().resolve("chroots/by-hand"));
    }

    /**
     * {@code lurch-sandbox hold} started by the test as the isolator starts it, on the empty root {@code by-hand},
     * with {@code cgroupFiles}; the isolator installs the program, the skeleton and the template first.
     */
    private Process holdByHand(String... cgroupFiles) throws Exception {
        chrootHome.isolator().setUp("installs", BUSYBOX, chrootHome.workspace(), log);
        Path chroots = chrootHome.home().resolve("chroots");
        Path program;
        try (var installed = Files.list(chroots)) {
            program = installed.filter(dir -> dir.getFileName().toString().startsWith(".lurch-sandbox-")).findFirst()
                    .orElseThrow().resolve("lurch-sandbox");
        }
        Path root = Files.createDirectories(chroots.resolve("by-hand"));
        List<String> command = new java.util.ArrayList<>(List.of(program.toString(), "hold", "100000", "own",
                root.toString(), chroots.resolve(".skeleton-100000").toString(), chroots.resolve(".busybox/bin").toString(),
                chrootHome.workspace().toString(), ""));
        command.addAll(List.of(cgroupFiles));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * A server killed hard cannot kill its isolates: {@code lurch-sandbox hold}, the holder's parent, reads its
     * requests on a pipe from the server and ends the isolate when the pipe ends, which the kernel does for a dead
     * server. Here the test plays the server: it starts {@code hold} as the isolator does, asks it for a program
     * inside, closes the pipe.
     */
    @Test
    void anIsolateEndsWithTheServerThatMadeIt() throws Exception {
        Process hold = holdByHand();
        var answers = new java.io.BufferedReader(new java.io.InputStreamReader(hold.getInputStream()));
        long holder = Long.parseLong(answers.readLine());
        // exec, its id, no cgroup, no variable, the program and its argument: each field ends in a NUL
        byte[] request = (String.join("\0", "exec", "1", "0", "0", "/bin/sleep", "100") + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        hold.getOutputStream().write((request.length + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        hold.getOutputStream().write(request);
        hold.getOutputStream().flush();
        String[] started = answers.readLine().split(" ");
        assertEquals(List.of("started", "1"), List.of(started[0], started[1]));
        long sleeper = Long.parseLong(started[2]);
        waitFor(() -> ProcessHandle.of(sleeper).flatMap(sleep -> sleep.info().arguments())
                .map(args -> List.of(args).equals(List.of("100"))).orElse(false));
        assertTrue(isRunning(holder));
        hold.getOutputStream().close();
        assertTrue(hold.waitFor(5, TimeUnit.SECONDS), "hold ends with its input");
        waitFor(() -> !isRunning(holder) && !isRunning(sleeper));
        Files.delete(chrootHome.home().resolve("chroots/by-hand")); // nothing was ever mounted on it on the host
    }
}
