package lurch.db;

import java.time.Instant;
import java.util.Locale;

/**
 * A URL that gets a signed JSON POST when a top run of {@code program} ends.
 *
 * @param secret the HMAC key of {@code X-Lurch-Signature-256}; null sends no signature
 * @param on     which ends are sent
 */
public record Notification(String program, String url, String secret, On on, Instant created) {

    /** Which ends of a run are sent. */
    public enum On {
        /** Only runs that did not succeed. */
        FAILURE,
        /** Every end. */
        ALWAYS;

        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The choice named {@code text} ({@code failure}, {@code always}), or null for another text. */
        public static On ofName(String text) {
            for (On on : values()) {
                if (on.dbName().equals(text)) {
                    return on;
                }
            }
            return null;
        }
    }
}
