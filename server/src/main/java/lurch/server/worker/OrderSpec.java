package lurch.server.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lurch.server.engine.ExecOrder;

/**
 * What a worker needs to run an exec, as stored in exec_orders.spec: the process, its whole environment (with the
 * program's secrets, which the order carries so the worker needs no access to the secret store; the spec is emptied
 * when the exec ends), the values to mask in its output, and its timeout in milliseconds (0: none).
 */
record OrderSpec(String path, List<String> args, Map<String, String> env, List<String> secrets, long timeoutMillis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static OrderSpec of(ExecOrder order) {
        return new OrderSpec(order.path(), order.args(), order.env(), order.secrets(),
                order.timeout() == null ? 0 : order.timeout().toMillis());
    }

    static OrderSpec parse(String json) {
        try {
            return JSON.readValue(json, OrderSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable exec order: " + e.getOriginalMessage(), e);
        }
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null for none. */
    Duration timeout() {
        return timeoutMillis == 0 ? null : Duration.ofMillis(timeoutMillis);
    }
}
