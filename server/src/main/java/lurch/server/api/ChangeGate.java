package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lurch.server.health.ServerHealth;

/**
 * In front of every route: while {@link ServerHealth} has a reason not to take changes, a request that would
 * change something (any method but GET and HEAD: a webhook, a start, an approval, a form) gets 503 with
 * that reason (Lurch's sentence, as JSON), instead of a 2xx for a change that might be lost. Reading goes on.
 */
public final class ChangeGate implements Filter {
    private static final Set<Method> READS = Set.of(Method.GET, Method.HEAD);
    private final ServerHealth health;

    public ChangeGate(ServerHealth health) {
        this.health = health;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> refusal = READS.contains(req.prologue().method()) ? Optional.empty() : health.refusal();
        if (refusal.isEmpty()) {
            chain.proceed();
            return;
        }
        res.status(Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.RETRY_AFTER, "30");
        Json.send(res, Status.SERVICE_UNAVAILABLE_503, Map.of("error", "Lurch takes no changes now: " + refusal.get()));
    }
}
