package lurch.db;

/**
 * What the engine knows when it creates a run. A top run has {@code parentId} null.
 * The run starts WAITING for START.
 */
public record NewRun(Long parentId, long programVersionId, String nodePath, String command, String label,
                     String creator, String scopeJson) {}
