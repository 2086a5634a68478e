package lurch.isolation.chroot;

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
 * A process in an isolate and its own cgroup: its pipes are read by two pooled threads, a virtual one waits for
 * its exit, then kills what it left behind, measures, says which limit the exec ran into, answers, and removes
 * the cgroup.
 */
final class ChrootExecution implements Execution {

    private static final int KILLED_BY_SIGKILL = 128 + Native.SIGKILL; // how lurch-sandbox reports it, as the JDK does

    private final Sandbox.Launched process;
    private final ExecCgroup cgroup;
    private final Limits limits;
    private final OutputSink output;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    private final AtomicBoolean killed = new AtomicBoolean();

    private ChrootExecution(Sandbox.Launched process, ExecCgroup cgroup, Limits limits, OutputSink output) {
        this.process = process;
        this.cgroup = cgroup;
        this.limits = limits;
        this.output = output;
    }

    /** Follows {@code process}, launched in {@code cgroup}: reads its output, waits for its end. */
    static ChrootExecution start(Sandbox.Launched process, ExecCgroup cgroup, Limits limits, OutputSink output) {
        ChrootExecution execution = new ChrootExecution(process, cgroup, limits, output);
        Future<?> stdout = PipeReader.start(process.stdout(), Stream.STDOUT, output);
        Future<?> stderr = PipeReader.start(process.stderr(), Stream.STDERR, output);
        Thread.ofVirtual().name("wait " + process.pid()).start(() -> execution.finish(stdout, stderr));
        return execution;
    }

    @Override
    public CompletableFuture<ExecResult> result() {
        return result;
    }

    @Override
    public void kill() {
        killed.set(true);
        if (!process.exit().isDone()) {
            Native.killHard((int) process.pid()); // it may not have entered its cgroup yet: then it is the only process
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
            int status = process.exit().get();
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
