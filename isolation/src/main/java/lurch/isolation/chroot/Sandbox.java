package lurch.isolation.chroot;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lurch.isolation.HostTools;
import lurch.isolation.SandboxConfig;
import lurch.isolation.cgroup.ExecCgroup;

/**
 * The namespaces of one chroot isolate, held by a process: user (root inside is the unprivileged host uid
 * {@code LURCH_SANDBOX_UID}), mount, pid, ipc, uts and, unless the host network is asked for, network. Each
 * exec enters them ({@link #enterCommand}); killing the holder, pid 1 of the isolate, ends every process in them
 * and every mount with them, so nothing of an isolate is left on the host after a crash but an empty directory.
 *
 * <p>How it is made, in three steps, because a JVM cannot unshare a user namespace itself and the kernel
 * wants the id maps written from outside:
 * <ol>
 * <li>util-linux {@code unshare}, started as the sandbox uid with no_new_privs, makes the namespaces and forks
 *     the holder: a busybox shell that prints its host pid and then only reaps orphans;</li>
 * <li>the server (host root) writes the uid and gid maps: 65536 ids from the sandbox uid up;</li>
 * <li>host root enters the mount, pid and net namespaces and builds the file system ({@link ChrootLayout}),
 *     ending with a {@code pivot_root} that leaves no host path in the mount namespace.</li>
 * </ol>
 */
final class Sandbox {

    /** Namespaces of the holder; with an unshared network, "--net" is added. */
    private static final List<String> UNSHARE = List.of("--user", "--pid", "--fork", "--kill-child", "--mount", "--ipc", "--uts");
    /**
     * The holder: goes to / (pivot_root then moves its root and working directory along, so neither keeps the
     * host's tree), prints its host pid (the host's /proc is still mounted), then reaps whatever is orphaned in
     * the isolate; waiting collects adopted children too. A sleep that neither ends (0) nor is killed (> 128) could
     * not start: the isolate's mounts are gone (its root was deleted on the host, say with the home of a server
     * killed hard), and the holder ends, and the isolate with it, rather than spin through failed starts. Sleeping
     * a minute at a time bounds how long such an orphan lingers.
     */
    private static final String HOLDER = "cd /; read -r pid rest < /proc/self/stat; echo $pid; exec 0</dev/null 1>/dev/null 2>&1; "
            + "while :; do sleep 60 & wait $!; s=$?; [ $s = 0 ] || [ $s -gt 128 ] || exit 1; done";
    private static final long START_SECONDS = 20;

    /** The host directories a chroot is made from: the shared busybox {@code bin} and the root's skeleton. */
    record ChrootFiles(Path templateBin, Path skeleton) {}

    private final Process holder;
    private final long pid;
    private final boolean ownNetwork;
    private boolean isBuilt;

    private Sandbox(Process holder, long pid, boolean ownNetwork) {
        this.holder = holder;
        this.pid = pid;
        this.ownNetwork = ownNetwork;
    }

    /**
     * Starts the holder in {@code cgroup} and builds the chroot's file system in its namespaces, mounted on the
     * (empty) host directory {@code root} inside them only; {@code artifacts}, unless null, is bound at /artifacts.
     */
    static Sandbox start(HostTools tools, SandboxConfig config, ExecCgroup cgroup, Path root, ChrootFiles files,
                         Path workspace, Path artifacts) throws IOException {
        List<String> holderCommand = new ArrayList<>(List.of(tools.setpriv().toString(), "--reuid=" + config.uid(),
                "--regid=" + config.uid(), "--clear-groups", "--no-new-privs", tools.unshare().toString()));
        holderCommand.addAll(UNSHARE);
        if (!config.chrootHostNetwork()) {
            holderCommand.add("--net");
        }
        holderCommand.addAll(List.of("--", tools.busybox().toString(), "sh", "-c", HOLDER));
        ProcessBuilder builder = new ProcessBuilder(LaunchCommand.inCgroup(tools.busybox(), cgroup.entryFiles(), holderCommand))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).directory(new File("/"));
        builder.environment().clear();
        Process holder = builder.start();
        Sandbox sandbox = null;
        try {
            sandbox = new Sandbox(holder, readPid(holder, tools), !config.chrootHostNetwork());
            sandbox.mapIds(config.uid());
            sandbox.build(tools, config, root, files, workspace, artifacts);
            return sandbox;
        } finally {
            if (sandbox == null || !sandbox.isBuilt) {
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
        holder.destroyForcibly(); // unshare --kill-child takes the holder, pid 1 inside, along
    }

    /** The host pid of the holder, the first line it prints; its error output when it fails. */
    private static long readPid(Process holder, HostTools tools) throws IOException {
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
            throw new IOException("cannot make the isolate's namespaces with " + tools.unshare() + " and " + tools.setpriv()
                    + (text == null ? "" : ": " + text) + " (the sandbox uid needs to reach " + tools.busybox() + ")");
        }
        return Long.parseLong(text);
    }

    private void mapIds(int uid) throws IOException {
        String map = "0 " + uid + " " + SandboxConfig.IDS + "\n";
        Files.writeString(Path.of("/proc", Long.toString(pid), "uid_map"), map);
        Files.writeString(Path.of("/proc", Long.toString(pid), "gid_map"), map);
    }

    private void build(HostTools tools, SandboxConfig config, Path root, ChrootFiles files, Path workspace, Path artifacts)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(tools.busybox().toString(), "nsenter", "-t", Long.toString(pid), "-m", "-p"));
        if (ownNetwork) {
            command.add("-n");
        }
        command.add("--");
        command.addAll(ChrootLayout.buildCommand(tools.busybox(), root, files.skeleton(), files.templateBin(), workspace,
                artifacts, config.uid(), ownNetwork));
        Process setup = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(setup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            int exitCode = setup.waitFor();
            if (exitCode != 0) {
                throw new IOException("cannot build the chroot's file system: " + (output.isEmpty() ? "exit code " + exitCode : output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the chroot", e);
        }
        isBuilt = true;
    }
}
