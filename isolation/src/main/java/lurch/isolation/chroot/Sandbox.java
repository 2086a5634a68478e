package lurch.isolation.chroot;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lurch.isolation.SandboxConfig;
import lurch.isolation.cgroup.ExecCgroup;

/**
 * The namespaces of one chroot isolate, held by a process: user (root inside is the unprivileged host uid
 * {@code LURCH_SANDBOX_UID}), mount, pid, ipc, uts and, unless the host network is asked for, network. Each
 * exec enters them ({@link #enterCommand}); killing the holder, pid 1 of the isolate, ends every process in them
 * and every mount with them, so nothing of an isolate is left on the host after a crash but an empty directory.
 *
 * <p>{@code lurch-sandbox hold} ({@link SandboxProgram}) makes the namespaces, builds the file system inside
 * them and stays as the holder's parent, the process this class keeps: killing it kills the holder, and so does
 * the end of its standard input, a pipe from this JVM, so isolates end with a server that dies.
 */
final class Sandbox {

    private static final long START_SECONDS = 20;

    /** The host directories a chroot is made from: the shared busybox {@code bin} and the root's skeleton. */
    record ChrootFiles(Path templateBin, Path skeleton) {}

    private final Process holder;
    private final long pid;
    private final boolean ownNetwork;

    private Sandbox(Process holder, long pid, boolean ownNetwork) {
        this.holder = holder;
        this.pid = pid;
        this.ownNetwork = ownNetwork;
    }

    /**
     * Starts the holder in {@code cgroup} and builds the chroot's file system in its namespaces, mounted on the
     * (empty) host directory {@code root} inside them only; {@code artifacts}, unless null, is bound at /artifacts.
     */
    static Sandbox start(Path sandboxProgram, Path busybox, SandboxConfig config, ExecCgroup cgroup, Path root, ChrootFiles files,
                         Path workspace, Path artifacts) throws IOException {
        boolean ownNetwork = !config.chrootHostNetwork();
        List<String> command = new ArrayList<>(List.of(sandboxProgram.toString(), "hold", Integer.toString(config.uid()),
                ownNetwork ? "own" : "host", root.toString(), files.skeleton().toString(), files.templateBin().toString(),
                workspace.toString(), artifacts == null ? "" : artifacts.toString(), busybox.toString()));
        cgroup.entryFiles().forEach(file -> command.add(file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(new File("/"));
        builder.environment().clear();
        Process holder = builder.start(); // its standard input stays an open pipe: its end ends the isolate
        boolean started = false;
        try {
            Sandbox sandbox = new Sandbox(holder, readPid(holder), ownNetwork);
            started = true;
            return sandbox;
        } finally {
            if (!started) {
                holder.destroyForcibly();
                cgroup.killAll();
            }
        }
    }

    /**
     * The command that runs {@code program} inside, in the cgroup of {@code cgroupEntryFiles}: {@code lurch-sandbox
     * enter} joins the cgroup and the namespaces, becomes root there (the sandbox uid on the host), sets
     * no_new_privs and starts in {@code /workspace}, looked up inside the isolate's tree.
     */
    List<String> enterCommand(Path sandboxProgram, List<Path> cgroupEntryFiles, String program, List<String> args) {
        List<String> command = new ArrayList<>(List.of(sandboxProgram.toString(), "enter", Long.toString(pid), ownNetwork ? "own" : "host"));
        cgroupEntryFiles.forEach(file -> command.add(file.toString()));
        command.add("--");
        command.add(program);
        command.addAll(args);
        return command;
    }

    boolean isAlive() {
        return holder.isAlive();
    }

    /** Ends the isolate's pid namespace, and with it every process and mount of the isolate. */
    void kill() {
        holder.destroyForcibly(); // the holder, pid 1 inside, dies with its parent (PR_SET_PDEATHSIG)
    }

    /** The host pid of the holder, the first line printed; else what went wrong, lurch-sandbox's own line. */
    private static long readPid(Process holder) throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        String text;
        try {
            text = line.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the isolate's namespaces", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the isolate's namespaces did not start within " + START_SECONDS + " s");
        }
        if (text == null || !text.matches("[0-9]{1,10}")) {
            throw new IOException(text == null ? "lurch-sandbox ended without a word" : text);
        }
        return Long.parseLong(text);
    }
}
