package lurch.db;

import java.time.Instant;

/** A program with its latest version number and its last top run (null fields when never run). */
public record ProgramSummary(String name, int version, Long lastRunId, RunStatus lastStatus,
                             Instant lastStart, Instant lastStop, Integer lastExitCode) {}
