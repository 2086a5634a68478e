package lurch.server.engine;

import java.util.Map;

/** Figures the engine counts since start-up, for {@code /metrics}. */
public interface EngineMetrics {

    /** Top runs started. */
    long runsStarted();

    /** Top runs finished, by status name ("success", "failure", "cancelled"). */
    Map<String, Long> runsFinished();

    /** Processes running now. */
    int processesRunning();

    /** Execs waiting for a free process slot. */
    int processQueueLength();
}
