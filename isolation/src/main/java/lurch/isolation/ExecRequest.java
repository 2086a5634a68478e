package lurch.isolation;

import java.util.List;
import java.util.Map;

/**
 * One program to run: {@code path} (absolute, or looked up in the given {@code PATH}), its arguments
 * (without argv[0]) and its WHOLE environment: nothing is inherited from the server.
 */
public record ExecRequest(String path, List<String> args, Map<String, String> env) {

    public ExecRequest {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("exec path must not be empty");
        }
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    public static ExecRequest of(String path, String... args) {
        return new ExecRequest(path, List.of(args), Map.of());
    }
}
