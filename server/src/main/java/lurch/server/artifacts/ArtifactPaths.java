package lurch.server.artifacts;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where artifacts live under $LURCH_HOME: {@code artifacts/TOP/} holds the files kept from top run TOP;
 * {@code artifact-staging/TOP/} is the directory its isolates see at /artifacts while it runs. Also the one rule
 * of what an artifact path may be: '/'-separated names, none empty, "." or "..", no control characters and no
 * backslash, at most {@link #MAX_LENGTH} characters; anything else is never kept and never served.
 */
public record ArtifactPaths(Path home) {

    public static final int MAX_LENGTH = 1024;

    public Path kept(long topId) {
        return home.resolve("artifacts").resolve(Long.toString(topId));
    }

    public Path staging(long topId) {
        return stagingRoot().resolve(Long.toString(topId));
    }

    /** The directory of every top run's {@link #staging} directory. */
    public Path stagingRoot() {
        return home.resolve("artifact-staging");
    }

    /** The problem with {@code path} as an artifact path, or empty when it is a valid one. */
    public static Optional<String> problem(String path) {
        if (path.isEmpty() || path.length() > MAX_LENGTH) {
            return Optional.of("an artifact path has 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return Optional.of("an artifact path has no control characters and no '\\'");
            }
        }
        for (String name : path.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                return Optional.of("an artifact path is relative, with no empty, '.' or '..' parts");
            }
        }
        return Optional.empty();
    }
}
