package lurch.interpreter.eval;

/**
 * How a run ended: its exit code, and how many {@code for} loops a {@code break} still has to leave.
 * A break travels up the run tree; each {@code for} it passes consumes one level.
 */
public record Outcome(int exitCode, int breakLevels) {

    /** Killed by a signal N is {@code -N}; the engine's own outcomes are below. */
    public static final int EXPIRED = -129;
    public static final int CANCELLED = -130;
    public static final int TIMED_OUT = -131;
    public static final int RATE_LIMITED = -132;
    /** The worker running the exec stopped answering for longer than its lease (LURCH_WORKER_LEASE). */
    public static final int WORKER_LOST = -133;
    public static final int COULD_NOT_START = 127;

    public Outcome {
        if (breakLevels < 0) throw new IllegalArgumentException("breakLevels must be >= 0");
    }

    public static Outcome of(int exitCode) {
        return new Outcome(exitCode, 0);
    }

    public boolean isBreak() {
        return breakLevels > 0;
    }

    /** A run ends successfully when it exits with 0 or is leaving loops through a break. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
