package lurch.server;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Helidon's logging hook, which does nothing: {@link ServerLogging} sets java.util.logging up. Without any such
 * provider on the class path, Helidon prints a line of its own to stderr at every start.
 */
public final class QuietHelidonLogging implements LoggingProvider {

    @Override
    public void initialization() {
        // ServerLogging configures logging before the server starts
    }

    @Override
    public void runTime() {
        // nothing to do at run time either
    }
}
