package lurch.server.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing, per user name and per client address: after {@link #FREE_FAILURES} wrong
 * passwords in a row, each further attempt must wait, twice as long after every failure (1 s, 2 s, 4 s ...
 * up to {@link #MAX_DELAY}); a successful login clears both. A throttled attempt is refused before its
 * password is hashed, so guessing costs the server nothing either. At most {@link #MAX_ENTRIES} names and
 * addresses are remembered (the least recently seen are forgotten first).
 *
 * <p>The address is the TCP peer's: a proxy in front of Lurch makes all clients one address, so behind a
 * proxy the per-user limit is the one that counts. A per-user limit lets a stranger hold a user off for
 * up to {@link #MAX_DELAY}; that is the price of not letting anyone guess a password at leisure.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, Instant blockedUntil) {}

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this user name from this address must wait before its next attempt; zero when it may try. */
    synchronized Duration wait(String user, String address) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys(user, address)) {
            Failures f = failures.get(key);
            if (f != null && f.blockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, f.blockedUntil());
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest;
    }

    synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        for (String key : keys(user, address)) {
            int count = failures.getOrDefault(key, new Failures(0, now)).count() + 1;
            int over = count - FREE_FAILURES;
            Duration delay = over < 0 ? Duration.ZERO
                    : over >= 20 ? MAX_DELAY : min(FIRST_DELAY.multipliedBy(1L << over), MAX_DELAY);
            failures.put(key, new Failures(count, now.plus(delay)));
        }
    }

    synchronized void succeeded(String user, String address) {
        keys(user, address).forEach(failures::remove);
    }

    private static List<String> keys(String user, String address) {
        return List.of("user:" + user.toLowerCase(Locale.ROOT), "address:" + address);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
