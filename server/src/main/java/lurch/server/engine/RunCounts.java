package lurch.server.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import lurch.db.Run;

/** Top runs started and finished since start-up, for {@code /metrics}. */
final class RunCounts {
    private final AtomicLong started = new AtomicLong();
    private final Map<String, AtomicLong> finished = new ConcurrentHashMap<>();

    void started() {
        started.incrementAndGet();
    }

    void ended(Run row) {
        if (row.isTop()) {
            finished.computeIfAbsent(row.status().dbName(), s -> new AtomicLong()).incrementAndGet();
        }
    }

    long startedCount() {
        return started.get();
    }

    Map<String, Long> finishedCounts() {
        Map<String, Long> counts = new HashMap<>();
        finished.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }
}
