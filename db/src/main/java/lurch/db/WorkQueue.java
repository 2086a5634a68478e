package lurch.db;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queue between a server and its workers (tables isolate_claims, exec_orders, worker_log_lines; PostgreSQL
 * only). Claims take rows with {@code FOR UPDATE SKIP LOCKED}, so two workers never take the same one; every change
 * the other side must hear of sends a NOTIFY on {@link #TO_WORKERS} or {@link #TO_SERVER} in its own transaction.
 */
public interface WorkQueue {

    /** Channel of what workers must act on: a new isolate or order, a cancel, a tear-down, a tree's end. */
    String TO_WORKERS = "lurch_work";
    /** Channel of what the server must hear: an isolate built, an order ended, new log lines. */
    String TO_SERVER = "lurch_done";
    /** Payload prefix on {@link #TO_WORKERS} of a tree's end: workers delete its workspace. */
    String TREE_ENDED = "tree:";

    /** An isolate sent to workers. {@code built} is null while it is being built or not claimed yet. */
    record Claim(long isolateId, long builderRunId, long topId, String builderKind, String builderArg, String state,
                 String worker, Boolean built, boolean used) {}

    /** An exec sent to the worker holding its isolate; {@code spec} is null once it ended. */
    record Order(long runId, long isolateId, long topId, String spec, String state, String worker) {}

    /** How an order ended. */
    record End(int exitCode, Usage usage, String note) {}

    /** A line a worker wrote for the server to number into its tree's log; stream is stdout, stderr or info. */
    record Line(long id, long runId, long topId, String stream, Instant at, String text) {}

    // The server's side.

    /**
     * Queues isolate {@code isolateId} for a worker to claim, unless it is queued or held already; its builder run
     * waits ({@link WaitingFor#WORKER}) until a worker claims it.
     */
    void queueIsolate(long isolateId, long builderRunId, long topId, String builderKind, String builderArg, Instant now);

    Optional<Claim> claim(long isolateId);

    /** Queues exec run {@code runId} for the worker holding (or next claiming) isolate {@code isolateId}. */
    void queueOrder(long runId, long isolateId, long topId, String spec);

    /** Ends a queued order at once (exit code {@code killedCode}) or asks its worker to kill it. */
    void cancel(long runId, int killedCode);

    /** The server is done with the isolate: its worker tears it down; unclaimed, it is dropped with its orders. */
    void tearDown(long isolateId);

    /** Tells workers that tree {@code topId} ended. */
    void treeEnded(long topId);

    Optional<Order> order(long runId);

    /** The ends of those of {@code runIds} that are done. */
    Map<Long, End> ended(Collection<Long> runIds);

    /** Deletes a done order whose end the server has taken. */
    void forget(long runId);

    /** At most {@code max} waiting lines, oldest first. */
    List<Line> lines(int max);

    /** Deletes waiting lines once they are in the log (by id: a line committed meanwhile with a lower id stays). */
    void deleteLines(Collection<Long> ids);

    /**
     * What a lost (or restarting) worker held is given up: its running orders, and the queued orders of isolates an
     * exec had started in, end with {@code lostCode} and {@code note}; those isolates are lost; isolates in which no
     * exec had started go back to the queue for another worker. Answers the isolates that went back.
     */
    List<Long> release(String worker, int lostCode, String note);

    /** The paths of the files workers sent from tree {@code topId}'s /artifacts. */
    List<String> artifactPaths(long topId);

    byte[] artifact(long topId, String path);

    /** Deletes the files sent from tree {@code topId}, once the server has them. */
    void deleteArtifacts(long topId);

    // A worker's side.

    /** Sends a file the isolates of tree {@code topId} left in /artifacts (a later one of the same path wins). */
    void putArtifact(long topId, String path, byte[] content);

    /**
     * Claims the oldest queued isolate for {@code worker}, records the worker on its run and builder run, and marks
     * the builder running again.
     */
    Optional<Claim> claimIsolate(String worker);

    /** Records how the build of an isolate {@code worker} holds went; false when it no longer holds it. */
    boolean built(long isolateId, String worker, boolean built);

    /** The isolates {@code worker} holds, including those the server asked it to tear down. */
    List<Claim> held(String worker);

    /** Takes a queued order of a built isolate {@code worker} holds, marking it running and its isolate used. */
    Optional<Order> takeOrder(String worker);

    /** The orders of {@code worker} the server wants killed. */
    List<Long> cancelled(String worker);

    /** Ends order {@code runId}, emptying its spec. */
    void finish(long runId, End end);

    /** Forgets an isolate the worker has torn down, with any orders left on it. */
    void dropIsolate(long isolateId);

    void appendLines(List<Line> lines);
}
