package lurch.isolation.chroot;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import lurch.isolation.ExecResult;
import lurch.isolation.Execution;
import lurch.isolation.OutputSink;
import lurch.isolation.ResourceUsage;
import lurch.isolation.Stream;
import lurch.isolation.cgroup.ExecCgroup;
import lurch.isolation.linux.Native;
import lurch.isolation.output.PipeReader;

/**
 * A host process in its own cgroup and session: its pipes are read by two virtual threads, a third
 * waits for its exit, then kills what it left behind, measures and removes the cgroup.
 */
final class ChrootExecution implements Execution {

    private static final int KILLED_BY_SIGKILL = 128 + Native.SIGKILL; // how the JDK reports it

    private final Process process;
    private final ExecCgroup cgroup;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicBoolean killed = new AtomicBoolean();

    private ChrootExecution(Process process, ExecCgroup cgroup) {
        this.process = process;
        this.cgroup = cgroup;
    }

    /** Launches {@code command} with exactly {@code env}, stdin from /dev/null. */
    static ChrootExecution start(List<String> command, Map<String, String> env, ExecCgroup cgroup, OutputSink output)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        ChrootExecution execution = new ChrootExecution(builder.start(), cgroup);
        Future<?> stdout = PipeReader.start(execution.process.getInputStream(), Stream.STDOUT, output);
        Future<?> stderr = PipeReader.start(execution.process.getErrorStream(), Stream.STDERR, output);
        Thread.ofVirtual().name("wait " + execution.process.pid()).start(() -> execution.finish(stdout, stderr));
        return execution;
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        killed.set(true);
        if (process.isAlive()) {
            process.destroyForcibly(); // it may not have entered its cgroup yet: then it is the only process
        }
        cgroup.killAll();
    }

    private void finish(Future<?> stdout, Future<?> stderr) {
        try {
            int status = process.waitFor();
            cgroup.killAll(); // background processes must not outlive their exec, nor hold its pipes
            stdout.get();
            stderr.get();
            ResourceUsage usage = cgroup.usage();
            cgroup.remove();
            result.complete(new ExecResult(killed.get() && status == KILLED_BY_SIGKILL ? -Native.SIGKILL : status, usage));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (ExecutionException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
