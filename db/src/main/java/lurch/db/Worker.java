package lurch.db;

import java.time.Instant;

/** A registered worker: its name (LURCH_WORKER_NAME), state, how many isolates it holds, and when it was last heard of. */
public record Worker(String name, WorkerState state, int isolates, Instant started, Instant lastSeen) {}
