package lurch.server.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code GET /health}, without a token: 200 while the database answers, 503 otherwise. */
final class HealthService implements HttpService {

    private final BooleanSupplier databaseUp;

    HealthService(BooleanSupplier databaseUp) {
        this.databaseUp = databaseUp;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        boolean up = isUp();
        Json.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                Map.of("status", up ? "up" : "down", "database", up ? "up" : "down"));
    }

    private boolean isUp() {
        try {
            return databaseUp.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
