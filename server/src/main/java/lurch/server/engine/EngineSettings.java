package lurch.server.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The engine's settings: where workspaces live ($LURCH_HOME), its clock (whose zone is LURCH_TIMEZONE, the time zone
 * of {@code wait}), LURCH_MAX_PROCS, LURCH_SPAWN_RATE_LIMIT, LURCH_RUN_TIMEOUT ({@code runTimeout}, null for none)
 * and LURCH_ARTIFACT_LIMIT.
 */
public record EngineSettings(Path home, Clock clock, int maxProcesses, int spawnsPerMinute, Duration runTimeout,
                             long artifactLimit) {

    /** LURCH_ARTIFACT_LIMIT's default: 1 GiB per top run. */
    public static final long DEFAULT_ARTIFACT_LIMIT = 1L << 30;

    public EngineSettings(Path home, Clock clock, int maxProcesses, int spawnsPerMinute) {
        this(home, clock, maxProcesses, spawnsPerMinute, null, DEFAULT_ARTIFACT_LIMIT);
    }

    public static EngineSettings defaults(Path home) {
        return new EngineSettings(home, Clock.systemDefaultZone(), 2 * Runtime.getRuntime().availableProcessors(), 100);
    }
}
