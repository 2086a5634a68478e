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
import lurch.isolation.Limits;
import lurch.isolation.Execution;
import lurch.isolation.OutputSink;
import lurch.isolation.ResourceUsage;
import lurch.isolation.Stream;
import lurch.isolation.cgroup.ExecCgroup;
import lurch.isolation.linux.Native;
import lurch.isolation.output.PipeReader;

/**
 * A host process in its own cgroup: its pipes are read by two virtual threads, a third waits for its exit,
 * then kills what it left behind, measures, says which limit the exec ran into, answers, and removes the cgroup.
 */
final class ChrootExecution implements Execution {

    private static final int KILLED_BY_SIGKILL = 128 + Native.SIGKILL; // how the JDK reports it

    private final Process process;
    private final ExecCgroup cgroup;
    private final Limits limits;
    private final OutputSink output;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicBoolean killed = new AtomicBoolean();

    private ChrootExecution(Process process, ExecCgroup cgroup, Limits limits, OutputSink output) {
        this.process = process;
        this.cgroup = cgroup;
        this.limits = limits;
        this.output = output;
    }

    /** Launches {@code command} with exactly {@code env}, stdin from /dev/null. */
    static ChrootExecution start(List<String> command, Map<String, String> env, ExecCgroup cgroup, Limits limits,
                                 OutputSink output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(env);
        ChrootExecution execution = new ChrootExecution(builder.start(), cgroup, limits, output);
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

    /** Says which limit the exec ran into, if any; true when the kernel killed a process for memory. */
    private boolean reportLimits() {
        long now = System.currentTimeMillis();
        long refused = cgroup.refusedForks();
        if (refused > 0) {
            output.line(Stream.INFO, now, "lurch: " + refused + (refused == 1 ? " process was" : " processes were")
                    + " not started: the isolate reached its limit of " + limits.pids() + " processes (LURCH_PIDS_LIMIT)");
        }
        if (cgroup.oomKills() == 0) {
            return false;
        }
        output.line(Stream.INFO, now, "lurch: killed: the isolate reached its memory limit of " + limits.memoryText()
                + " (LURCH_MEMORY_LIMIT)");
        return true;
    }

    private void finish(Future<?> stdout, Future<?> stderr) {
        try {
            int status = process.waitFor();
            cgroup.killAll(); // background processes must not outlive their exec, nor hold its pipes
            stdout.get();
            stderr.get();
            ResourceUsage usage = cgroup.usage();
            boolean outOfMemory = reportLimits();
            boolean killedHard = (killed.get() || outOfMemory) && status == KILLED_BY_SIGKILL;
            result.complete(new ExecResult(killedHard ? -Native.SIGKILL : status, usage));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (ExecutionException | RuntimeException e) {
            result.completeExceptionally(e);
        } finally {
            cgroup.remove(); // measured and emptied above: the exec's end need not wait for the rmdirs
        }
    }
}
