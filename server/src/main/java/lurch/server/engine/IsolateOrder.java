package lurch.server.engine;

import lurch.interpreter.ast.Builder;

/**
 * An isolate to build: the isolate run {@code isolateId}, its builder run {@code builderRunId} (whose log tells of the
 * build), its tree's top run {@code topId} (whose workspace it mounts) and what to build.
 */
public record IsolateOrder(long isolateId, long builderRunId, long topId, Builder builder) {}
