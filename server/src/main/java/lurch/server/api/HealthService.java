package lurch.server.api;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
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
     * Written by hand, not through {@link Json}: {@code /health} is what a start answers first, and Jackson (~500
     * classes in the start-up cache, 1.5 MiB allocated as it is set up) would otherwise load at every start.
     */
    private void health(ServerRequest req, ServerResponse res) {
        ServerHealth.Report report = health.check();
        StringBuilder body = new StringBuilder()
                .append("{\"status\":\"").append(report.problem().isEmpty() ? "up" : "down")
                .append("\",\"database\":\"").append(report.databaseUp() ? "up" : "down")
                .append("\",\"disk_free_bytes\":").append(report.diskFreeBytes());
        report.problem().ifPresent(reason -> quoted(body.append(",\"reason\":"), reason));
        res.status(report.problem().isEmpty() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.send(body.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    private static StringBuilder quoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }
}
