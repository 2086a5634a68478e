package lurch.server.api;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failures whose details are for the server's log, not for the client: a library's exception text can carry a
 * file's content, a path or a credential. The client gets an id; the log has the id with the stack trace.
 */
public final class Incidents {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Incidents() {}

    /** Logs {@code failure} under a new id, which it returns. */
    public static String log(Logger log, String what, Throwable failure) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        log.log(Level.WARNING, what + " [error id " + id + "]", failure);
        return id;
    }
}
