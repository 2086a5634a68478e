package lurch.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import lurch.db.Run;
import lurch.db.Usage;

/**
 * A run as the API shows it. Usage is summed over the run's subtree (CPU added, memory the maximum);
 * {@code depth} is set only inside a tree, 0 for the tree's root; {@code worker} only for a run on a worker (an isolate
 * and the runs below it), so runs of the server itself read as before workers existed.
 */
record RunJson(long id, Long parent, long top, String program, String status, String created, String started,
               String stopped, Integer exitCode, double cpuUser, double cpuSystem, long memPeak, String command,
               String label, String creator, String waitingFor,
               @JsonInclude(JsonInclude.Include.NON_NULL) Integer depth,
               @JsonInclude(JsonInclude.Include.NON_NULL) String worker) {

    static RunJson of(Run run, Usage subtreeUsage, Integer depth) {
        return new RunJson(run.id(), run.parentId(), run.topId(), run.programName(), run.status().dbName(),
                Json.time(run.created()), Json.time(run.started()), Json.time(run.stopped()), run.exitCode(),
                subtreeUsage.cpuUserSeconds(), subtreeUsage.cpuSystemSeconds(), subtreeUsage.memoryPeakBytes(),
                run.command(), run.label(), run.creator(),
                run.waitingFor() == null ? null : run.waitingFor().dbName(), depth, run.worker());
    }
}
