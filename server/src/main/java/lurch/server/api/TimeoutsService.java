package lurch.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import lurch.db.ProgramStore;
import lurch.db.TimeoutStore;

/**
 * {@code GET|PUT /api/programs/NAME/timeout}: a program's whole-run timeout, {@code {"seconds": N}} with 0 for none
 * (then LURCH_RUN_TIMEOUT applies, if set).
 */
final class TimeoutsService implements HttpService {
    private final ProgramStore programs;
    private final TimeoutStore timeouts;

    TimeoutsService(ProgramStore programs, TimeoutStore timeouts) {
        this.programs = programs;
        this.timeouts = timeouts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{+name}/timeout", ProgramPath.handler("timeout", this::get))
                .put("/{+name}/timeout", ProgramPath.handler("timeout", this::set));
    }

    private void get(ProgramPath path, ServerRequest req, ServerResponse res) {
        ProgramSettings.requireProgram(programs, path.name());
        Json.ok(res, Map.of("seconds", timeouts.programTimeout(path.name()).orElse(0)));
    }

    private void set(ProgramPath path, ServerRequest req, ServerResponse res) {
        ProgramSettings.requireProgram(programs, path.name());
        JsonNode seconds = Json.body(req).path("seconds");
        if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() < 0
                || seconds.asLong() > TimeoutStore.MAX_SECONDS) {
            throw ApiException.badRequest("seconds: expected a whole number from 0 (none) to " + TimeoutStore.MAX_SECONDS
                    + ", found " + (seconds.isMissingNode() ? "nothing" : seconds.toString()));
        }
        timeouts.setProgramTimeout(path.name(), seconds.asLong());
        Json.ok(res, Map.of("seconds", seconds.asLong()));
    }
}
