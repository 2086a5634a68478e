package lurch.isolation.chroot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import lurch.isolation.ExecResult;
import lurch.isolation.Limits;
import lurch.isolation.Execution;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;
import lurch.isolation.cgroup.ExecCgroup;
import lurch.isolation.linux.Native;
import lurch.isolation.output.PipeReader;

/**
 * A process in an isolate and the cgroup it has to itself while it runs: its pipes are read by two pooled threads,
 * a virtual one waits for its exit, then kills what it left behind, measures, says which limit the exec ran into,
 * gives the cgroup back to the isolate and answers.
 */
final class ChrootExecution implements Execution {

    private final Sandbox.Launched process;
    private final IsolateCgroups.Lease lease;
    private final ExecCgroup cgroup;
    private final IsolateCgroups cgroups;
    private final Limits limits;
    private final OutputSink output;
    private final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    /** Guarded by this: once ended, the cgroup may already hold the isolate's next exec, which kill() must spare. */
    private boolean killed, ended;

    private ChrootExecution(Sandbox.Launched process, IsolateCgroups.Lease lease, IsolateCgroups cgroups, Limits limits, OutputSink output) {
        this.process = process;
        this.lease = lease;
        this.cgroup = lease.cgroup();
        this.cgroups = cgroups;
        this.limits = limits;
        this.output = output;
    }

    /** Follows {@code process}, launched in the cgroup of {@code lease}: reads its output, waits for its end. */
    static ChrootExecution start(Sandbox.Launched process, IsolateCgroups.Lease lease, IsolateCgroups cgroups, Limits limits,
                                 OutputSink output) {
        ChrootExecution execution = new ChrootExecution(process, lease, cgroups, limits, output);
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
    public synchronized void kill() {
        if (ended) {
            return;
        }
        killed = true;
        if (!process.exit().isDone()) {
            Native.killHard((int) process.pid()); // it may not have entered its cgroup yet: then it is the only process
        }
        cgroup.killAll();
    }

    /** Says which limit the exec ran into, if any; true when the kernel killed a process for memory. */
    private boolean reportLimits(ExecCgroup.Reading end) {
        long now = System.currentTimeMillis();
        long refused = end.refusedForksSince(lease.start());
        if (refused > 0) {
            output.line(Stream.INFO, now, "lurch: " + refused + (refused == 1 ? " process was" : " processes were")
                    + " not started: the isolate reached its limit of " + limits.pids() + " processes (LURCH_PIDS_LIMIT)");
        }
        if (end.oomKillsSince(lease.start()) == 0) {
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
            ExecCgroup.Reading end = cgroup.read();
            boolean outOfMemory = reportLimits(end);
            boolean killedHard;
            synchronized (this) {
                ended = true;
                killedHard = (killed || outOfMemory) && status == Sandbox.KILLED_BY_SIGKILL;
            }
            boolean kept = cgroups.keep(cgroup, end); // before the answer, which may start the isolate's next exec
            result.complete(new ExecResult(killedHard ? -Native.SIGKILL : status, end.usageSince(lease.start())));
            if (!kept) {
                cgroup.remove(); // measured and emptied above: the answer need not wait for the rmdirs
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(e);
        } catch (ExecutionException | RuntimeException e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        synchronized (this) {
            ended = true;
        }
        cgroup.remove();
        result.completeExceptionally(e);
    }
}
