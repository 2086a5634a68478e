package lurch.server.api;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import lurch.server.cli.JsonData;
import lurch.server.health.ServerHealth;

/**
 * {@code GET /health}, without a token: 200 while the server takes changes; 503 with the reason when it does
 * not (the database failed or does not answer, the disk is nearly full, the server is stopping).
 */
final class HealthService implements HttpService {

    private final ServerHealth health;

    HealthService(ServerHealth health) {
        this.health = health;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health);
    }

    /**
     * Written by {@link JsonData}, not through {@link Json}: {@code /health} is what a start answers first, and Jackson
     * (~500 classes in the start-up cache, 1.5 MiB allocated as it is set up) would otherwise load at every start.
     */
    private void health(ServerRequest req, ServerResponse res) {
        ServerHealth.Report report = health.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.problem().isEmpty() ? "up" : "down");
        body.put("database", report.databaseUp() ? "up" : "down");
        body.put("disk_free_bytes", report.diskFreeBytes());
        report.problem().ifPresent(reason -> body.put("reason", reason));
        res.status(report.problem().isEmpty() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.send(JsonData.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
