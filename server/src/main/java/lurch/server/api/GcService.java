package lurch.server.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import lurch.server.retention.Retention;

/** {@code POST /api/gc}: applies retention now; answers {@code {"lines": [...]}}, what it removed. */
final class GcService implements HttpService {

    private final Retention retention;

    GcService(Retention retention) {
        this.retention = retention;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::collect);
    }

    private void collect(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("lines", retention.collect()));
    }
}
