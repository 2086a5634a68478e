package lurch.server.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** At most {@code perMinute} spawns in any sliding minute, against programs that spawn themselves. */
final class SpawnRateLimit {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final int perMinute;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    SpawnRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.pollFirst();
        }
        if (recent.size() >= perMinute) {
            return false;
        }
        recent.addLast(now);
        return true;
    }
}
