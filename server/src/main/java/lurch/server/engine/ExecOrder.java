package lurch.server.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One process to run: exec run {@code runId} of the tree {@code topId}, in {@code isolate}; {@code env} is its whole
 * environment (LURCH_ARTIFACTS, the program's secrets, the exec's own assignments), {@code secrets} the values to mask
 * in its output, {@code timeout} null for none.
 */
public record ExecOrder(long runId, long topId, IsolateOrder isolate, String path, List<String> args,
                        Map<String, String> env, List<String> secrets, Duration timeout) {

    public ExecOrder {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        secrets = List.copyOf(secrets);
    }
}
