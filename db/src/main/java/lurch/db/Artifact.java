package lurch.db;

/** One kept file of a top run: its path below the run's artifacts directory ('/'-separated) and its size. */
public record Artifact(String path, long sizeBytes) {}
