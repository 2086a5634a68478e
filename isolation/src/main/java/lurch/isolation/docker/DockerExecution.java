package lurch.isolation.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import lurch.isolation.ExecRequest;
import lurch.isolation.ExecResult;
import lurch.isolation.Execution;
import lurch.isolation.IsolationException;
import lurch.isolation.Limits;
import lurch.isolation.OutputSink;
import lurch.isolation.ResourceUsage;
import lurch.isolation.Stream;
import lurch.isolation.cgroup.ExecCgroup;
import lurch.isolation.linux.Native;
import lurch.isolation.linux.ProcessTree;
import lurch.isolation.output.LineSplitter;

/**
 * One docker exec: its multiplexed output frames are split into stdout and stderr lines; when the
 * stream ends, the exit code comes from inspecting the exec. Killing finds the exec's host pid and
 * kills its process tree from the host.
 */
final class DockerExecution implements Execution {

    private static final int KILLED_BY_SIGKILL = 128 + Native.SIGKILL; // how docker reports it
    /** What the engine prints (exit code 126) when the program does not exist in the image. */
    private static final byte[] OCI_FAILURE = "OCI runtime exec failed".getBytes(StandardCharsets.US_ASCII);

    private final DockerConnection connection;
    private final DockerClient client;
    private final String containerId;
    private final String execId;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicBoolean killed = new AtomicBoolean();
    private Frames frames;

    private DockerExecution(DockerConnection connection, DockerClient client, String containerId, String execId) {
        this.connection = connection;
        this.client = client;
        this.containerId = containerId;
        this.execId = execId;
    }

    static DockerExecution start(DockerConnection connection, String containerId, ExecRequest request, OutputSink output,
                                 ContainerCgroup meter, Limits limits) throws IsolationException {
        DockerClient client = connection.client();
        List<String> command = new ArrayList<>();
        command.add(request.path());
        command.addAll(request.args());
        String execId = connection.answer(() -> client.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
                .withEnv(request.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withWorkingDir("/workspace").withAttachStdout(true).withAttachStderr(true).exec().getId());
        DockerExecution execution = new DockerExecution(connection, client, containerId, execId);
        execution.frames = execution.new Frames(output, meter, meter.begin(), limits);
        connection.streams().execStartCmd(execId).withDetach(false).exec(execution.frames);
        return execution;
    }

    /** Ends the exec as failed because the engine stopped answering: its output stream may never end by itself. */
    void engineLost(Throwable cause) {
        try {
            frames.close();
        } catch (IOException | RuntimeException e) {
            // the stream is broken already
        }
        frames.finish(cause);
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        killed.set(true);
        if (result.isDone()) {
            return;
        }
        try {
            Long pid = connection.answer(() -> client.inspectExecCmd(execId).exec().getPidLong());
            if (pid != null && pid > 0 && ProcessTree.isVisible(pid)) {
                ProcessTree.killTree(pid.intValue());
            } else { // Lurch cannot see the container's pids: kill everything but its init from inside
                String killer = client.execCreateCmd(containerId).withCmd("kill", "-9", "-1").exec().getId();
                client.execStartCmd(killer).withDetach(true).exec(new ResultCallback.Adapter<>());
            }
        } catch (RuntimeException e) {
            System.getLogger(DockerExecution.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot kill docker exec " + execId + ": " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Receives the exec's output frames on a docker-java thread; completes the result at the end. */
    private final class Frames extends ResultCallback.Adapter<Frame> {
        private final LineSplitter stdout;
        private final LineSplitter stderr;
        private final OutputSink output;
        private final ContainerCgroup meter;
        private final ExecCgroup.Reading start;
        private final Limits limits;
        private volatile boolean runtimeFailed; // the engine could not exec the program at all
        private final AtomicBoolean finished = new AtomicBoolean();

        Frames(OutputSink output, ContainerCgroup meter, ExecCgroup.Reading start, Limits limits) {
            this.stdout = new LineSplitter(Stream.STDOUT, output);
            this.stderr = new LineSplitter(Stream.STDERR, output);
            this.output = output;
            this.meter = meter;
            this.start = start;
            this.limits = limits;
        }

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            runtimeFailed |= startsWith(payload, OCI_FAILURE);
            LineSplitter splitter = switch (frame.getStreamType()) {
                case STDERR -> stderr;
                default -> stdout;
            };
            splitter.accept(payload, 0, payload.length, System.currentTimeMillis());
        }

        @Override
        public void onComplete() {
            finish(null);
        }

        @Override
        public void onError(Throwable failure) {
            if (finished.get()) {
                return; // ended by engineLost, which closed the stream
            }
            byte[] line = ("\nlurch: docker exec failed: " + failure.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            stderr.accept(line, 0, line.length, System.currentTimeMillis());
            finish(null);
        }

        /** Completes the result once: from the exit code the engine reports, or as failed when {@code engineLost}. */
        private void finish(Throwable engineLost) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            long now = System.currentTimeMillis();
            stdout.finish(now);
            stderr.finish(now);
            meter.killAllButInit();
            ExecCgroup.Reading end = meter.end();
            boolean outOfMemory = end.oomKillsSince(start) > 0;
            if (outOfMemory) {
                output.line(Stream.INFO, now, "lurch: killed: the isolate reached its memory limit of " + limits.memoryText()
                        + " (LURCH_MEMORY_LIMIT)");
            }
            ResourceUsage usage = end.usageSince(start);
            if (engineLost != null) {
                failed(engineLost, now, usage);
                return;
            }
            try {
                Long exitCode = connection.answer(() -> client.inspectExecCmd(execId).exec().getExitCodeLong());
                int code = exitCode == null || runtimeFailed && exitCode == 126 ? ExecResult.COULD_NOT_START : exitCode.intValue();
                boolean killedHard = (killed.get() || outOfMemory) && code == KILLED_BY_SIGKILL;
                result.complete(new ExecResult(killedHard ? -Native.SIGKILL : code, usage));
            } catch (RuntimeException e) {
                failed(e, now, usage); // mostly the engine went away with the exec (its output stream ended with it)
            }
        }

        private void failed(Throwable cause, long now, ResourceUsage usage) {
            output.line(Stream.INFO, now, connection.lost(cause) + "; the exec counts as failed");
            result.complete(new ExecResult(killed.get() ? -Native.SIGKILL : ExecResult.COULD_NOT_START, usage));
        }
    }
}
