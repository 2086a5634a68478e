package lurch.server.git;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import lurch.db.DeliveryStore;
import lurch.server.api.Json;
import lurch.server.api.Params;

/** {@code GET /api/deliveries[?repo=NAME][&limit=N]}: the newest webhook deliveries and what came of each. */
final class DeliveriesService implements HttpService {
    private final DeliveryStore deliveries;

    DeliveriesService(DeliveryStore deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        String repo = req.query().first("repo").orElse(null);
        int limit = Params.query(req, "limit", 50, 1, 1000);
        Json.ok(res, deliveries.recent(repo, limit).stream().map(DeliveryJson::of).toList());
    }
}
