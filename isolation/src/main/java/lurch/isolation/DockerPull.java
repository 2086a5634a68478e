package lurch.isolation;

import java.util.Locale;
import java.util.Map;

/**
 * When a Docker isolate pulls its image ({@code LURCH_DOCKER_PULL}): {@code missing} only when the engine does not
 * have it; {@code always} before each isolate, going on with the local image (and a warning line in the run's log)
 * when the registry cannot be reached.
 */
public enum DockerPull {
    MISSING, ALWAYS;

    /** @throws IllegalArgumentException naming the allowed values */
    static DockerPull fromEnvironment(Map<String, String> env) {
        String value = env.getOrDefault("LURCH_DOCKER_PULL", "").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "missing" -> MISSING;
            case "always" -> ALWAYS;
            default -> throw new IllegalArgumentException("LURCH_DOCKER_PULL must be missing or always, not '"
                    + env.get("LURCH_DOCKER_PULL") + "'");
        };
    }
}
