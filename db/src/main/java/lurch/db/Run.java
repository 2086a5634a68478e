package lurch.db;

import java.time.Instant;

/**
 * One execution of one command node. Runs form a tree: {@code parentId} is null for a top run,
 * {@code topId} is the top run of the tree (itself for a top run), {@code lineage} is the path of
 * ids from the top, e.g. {@code "/1/3/5/"}, so a subtree is a prefix.
 *
 * @param programVersionId the version run, or 0 for a run rejected because its program text was invalid
 * @param nodePath   where the command sits in its program version: child indices from the root,
 *                   joined by '.', "" for the root
 * @param command    the command's keyword, e.g. "exec"
 * @param label      a short human description, e.g. {@code exec /bin/echo hello}
 * @param creator    who started a top run: "user:NAME", "spawn:RUN", "webhook:DELIVERY"; null below
 * @param waitingFor while status is WAITING: what for; null otherwise
 * @param wakeAt     for timers, approvals and answers with a timeout: when it expires; else null
 * @param progress   the evaluator's progress integer for composite commands
 * @param scopeJson  the run's variables as JSON: {"vars":{...},"presets":{...}}
 * @param worker     the worker an isolate run, and every run below it, ran on; null on the server itself
 */
public record Run(long id, Long parentId, long topId, String lineage, long programVersionId, String programName,
                  String nodePath, String command, String label, String creator,
                  RunStatus status, WaitingFor waitingFor, Instant wakeAt, int progress, String scopeJson,
                  Instant created, Instant started, Instant stopped,
                  Integer exitCode, int breakLevels, Usage usage, String worker) {

    public boolean isTop() {
        return parentId == null;
    }
}
