package lurch.isolation.chroot;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import lurch.isolation.SandboxConfig;
import lurch.isolation.cgroup.ExecCgroup;
import lurch.isolation.linux.Native;

/**
 * The namespaces of one chroot isolate, held by a process: user (root inside is the unprivileged host uid
 * {@code LURCH_SANDBOX_UID}), mount, pid, ipc, uts and, unless the host network is asked for, network. Killing
 * the holder, pid 1 of the isolate, ends every process in them and every mount with them, so nothing of an
 * isolate is left on the host after a crash but an empty directory.
 *
 * <p>{@code lurch-sandbox hold} ({@link SandboxProgram}) makes the namespaces, builds the file system inside
 * them and stays as the holder's parent, the process this class keeps, and forks each exec into the isolate on
 * a request written to its standard input ({@link #launch}): one fork of a small process instead of the JDK's
 * process launch. Killing it kills the holder, and so does the end of its standard input, so isolates end with
 * a server that dies.
 */
final class Sandbox {

    private static final long START_SECONDS = 20;
    /** What {@code hold} takes in one request; the kernel refuses an exec's arguments and environment over 2 MiB. */
    private static final int REQUEST_LIMIT = 4 << 20;
    /** How {@code hold} answers the end of a process killed by SIGKILL, as the JDK reports it. */
    static final int KILLED_BY_SIGKILL = 128 + Native.SIGKILL;

    /** The host directories a chroot is made from: the shared busybox {@code bin} and the root's skeleton. */
    record ChrootFiles(Path templateBin, Path skeleton) {}

    /** A process forked into the isolate: its host pid, its output, and its exit status (128 + signal when killed). */
    record Launched(long pid, InputStream stdout, InputStream stderr, CompletableFuture<Integer> exit) {}

    private record Started(long pid, int stdoutFd, int stderrFd) {}

    /** The answers an exec waits for, registered before its request is sent. */
    private record Pending(CompletableFuture<Started> started, CompletableFuture<Integer> exit) {}

    private final Process holder;
    private final OutputStream requests;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    /** Completed by the first line {@code hold} prints: the holder's pid once the isolate is built, else why not. */
    private final CompletableFuture<Void> built = new CompletableFuture<>();
    private volatile boolean ended;

    private Sandbox(Process holder) {
        this.holder = holder;
        this.requests = holder.getOutputStream();
    }

    /**
     * Starts the holder in {@code cgroup} and builds the chroot's file system in its namespaces, mounted on the
     * (empty) host directory {@code root} inside them only; {@code artifacts}, unless null, is bound at /artifacts.
     */
    static Sandbox start(Path sandboxProgram, SandboxConfig config, ExecCgroup cgroup, Path root, ChrootFiles files,
                         Path workspace, Path artifacts) throws IOException {
        List<String> command = new ArrayList<>(List.of(sandboxProgram.toString(), "hold", Integer.toString(config.uid()),
                config.chrootHostNetwork() ? "host" : "own", root.toString(), files.skeleton().toString(),
                files.templateBin().toString(), workspace.toString(), artifacts == null ? "" : artifacts.toString()));
        cgroup.entryFiles().forEach(file -> command.add(file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(new File("/"));
        builder.environment().clear();
        Process holder = builder.start(); // its standard input stays an open pipe: its end ends the isolate
        Sandbox sandbox = new Sandbox(holder);
        Thread.ofPlatform().daemon().name("isolate-" + holder.pid()).start(sandbox::dispatch);
        boolean started = false;
        try {
            await(sandbox.built, "the isolate's namespaces");
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
     * Forks {@code program} into the isolate, in the cgroup of {@code cgroupEntryFiles}, with exactly {@code env}:
     * {@code hold} makes it join the cgroup and the namespaces, become root there (the sandbox uid on the host),
     * set no_new_privs and start in {@code /workspace}, looked up inside the isolate's tree.
     */
    Launched launch(List<Path> cgroupEntryFiles, String program, List<String> args, Map<String, String> env) throws IOException {
        List<String> fields = new ArrayList<>(List.of("exec", Long.toString(requestIds.incrementAndGet()),
                Integer.toString(cgroupEntryFiles.size())));
        cgroupEntryFiles.forEach(file -> fields.add(file.toString()));
        fields.add(Integer.toString(env.size()));
        env.forEach((name, value) -> fields.add(name + "=" + value));
        fields.add(program);
        fields.addAll(args);
        String id = fields.get(1);
        Pending answers = new Pending(new CompletableFuture<>(), new CompletableFuture<>());
        pending.put(id, answers);
        Started started;
        try {
            if (ended) {
                throw new IOException("the isolate's holder ended");
            }
            send(fields);
            started = await(answers.started(), program);
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        }
        try {
            String fds = "/proc/" + holder.pid() + "/fd/";
            return new Launched(started.pid(), new FileInputStream(fds + started.stdoutFd()),
                    new FileInputStream(fds + started.stderrFd()), answers.exit());
        } finally {
            send(List.of("close", id)); // the pipes are open on this side now, or never will be
        }
    }

    boolean isAlive() {
        return holder.isAlive();
    }

    /** Ends the isolate's pid namespace, and with it every process and mount of the isolate. */
    void kill() {
        holder.destroyForcibly(); // the holder, pid 1 inside, dies with its parent (PR_SET_PDEATHSIG)
    }

    /** One request: its length on a line, then its fields, each ending in a NUL. */
    private void send(List<String> fields) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String field : fields) {
            if (field.indexOf('\0') >= 0) {
                throw new IOException("an argument or variable contains a NUL character: " + field.replace('\0', '?'));
            }
            body.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        if (body.size() > REQUEST_LIMIT - 16) {
            throw new IOException("arguments and environment of " + body.size() + " bytes: more than an exec can take");
        }
        synchronized (requests) {
            requests.write((body.size() + "\n").getBytes(StandardCharsets.US_ASCII));
            body.writeTo(requests);
            requests.flush();
        }
    }

    /**
     * Reads {@code hold}'s output: first the holder's pid (or why the isolate could not be built), then the answers
     * for the execs that wait for them; when it ends, every exec has ended too.
     */
    private void dispatch() {
        try (BufferedReader answers = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String first = answers.readLine();
            if (first != null && first.matches("[0-9]{1,10}")) {
                built.complete(null);
                for (String line; (line = answers.readLine()) != null; ) {
                    hand(line.split(" ", 3));
                }
            } else {
                built.completeExceptionally(new IOException(first == null ? "lurch-sandbox ended without a word" : first));
            }
        } catch (IOException | RuntimeException e) {
            // the holder's pipe broke: as if it ended
        }
        ended = true;
        IOException gone = new IOException("the isolate's holder ended");
        built.completeExceptionally(gone);
        pending.values().forEach(exec -> {
            exec.started().completeExceptionally(gone);
            exec.exit().complete(KILLED_BY_SIGKILL); // its processes died with the isolate's pid namespace
        });
    }

    /** One answer of {@code hold}: "started ID PID OUT ERR", "failed ID REASON" or "exited ID STATUS". */
    private void hand(String[] words) {
        Pending exec = words.length < 3 ? null : pending.get(words[1]);
        if (exec == null) {
            return;
        }
        switch (words[0]) {
            case "started" -> {
                String[] numbers = words[2].split(" ");
                exec.started().complete(new Started(Long.parseLong(numbers[0]), Integer.parseInt(numbers[1]),
                        Integer.parseInt(numbers[2])));
            }
            case "failed" -> {
                pending.remove(words[1]);
                exec.started().completeExceptionally(new IOException(words[2]));
            }
            case "exited" -> {
                pending.remove(words[1]);
                exec.exit().complete(Integer.parseInt(words[2]));
            }
            default -> { } // nothing else is ever written
        }
    }

    /** {@code answer} within {@link #START_SECONDS}, or an IOException saying why not. */
    private static <T> T await(CompletableFuture<T> answer, String starting) throws IOException {
        try {
            return answer.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + starting, e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(starting + " did not start within " + START_SECONDS + " s", e);
        }
    }
}
