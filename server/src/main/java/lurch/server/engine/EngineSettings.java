package lurch.server.engine;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The engine's settings: where workspaces live ($LURCH_HOME), its clock, LURCH_MAX_PROCS and
 * LURCH_SPAWN_RATE_LIMIT.
 */
public record EngineSettings(Path home, Clock clock, int maxProcesses, int spawnsPerMinute) {

    public static EngineSettings defaults(Path home) {
        return new EngineSettings(home, Clock.systemDefaultZone(), 2 * Runtime.getRuntime().availableProcessors(), 100);
    }
}
