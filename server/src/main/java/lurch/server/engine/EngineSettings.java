package lurch.server.engine;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The engine's settings: where workspaces live ($LURCH_HOME), its clock, LURCH_MAX_PROCS,
 * LURCH_SPAWN_RATE_LIMIT and LURCH_ARTIFACT_LIMIT.
 */
public record EngineSettings(Path home, Clock clock, int maxProcesses, int spawnsPerMinute, long artifactLimit) {

    /** LURCH_ARTIFACT_LIMIT's default: 1 GiB per top run. */
    public static final long DEFAULT_ARTIFACT_LIMIT = 1L << 30;

    public static EngineSettings defaults(Path home) {
        return new EngineSettings(home, Clock.systemDefaultZone(), 2 * Runtime.getRuntime().availableProcessors(), 100,
                DEFAULT_ARTIFACT_LIMIT);
    }
}
