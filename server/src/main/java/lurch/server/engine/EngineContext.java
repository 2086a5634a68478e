package lurch.server.engine;

import java.time.Clock;
import lurch.isolation.Isolator;

/** Everything the engine's parts share: stores, settings, isolation, timers and the log buffer. */
record EngineContext(Stores stores, EngineSettings settings, Isolator isolator, ProgramCache programs,
                     LogBuffer logs, Timers timers) {

    Clock clock() {
        return settings.clock();
    }
}
