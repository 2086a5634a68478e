package lurch.server.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import lurch.db.Run;
import lurch.server.engine.Reruns;

/** {@code POST /api/runs/ID/rerun}: starts the run's top run again; answers the new run's number and program. */
final class RerunService implements HttpService {

    private final Reruns reruns;

    RerunService(Reruns reruns) {
        this.reruns = reruns;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/rerun", this::rerun);
    }

    private void rerun(ServerRequest req, ServerResponse res) {
        long id = Params.runId(req);
        Run run;
        try {
            run = reruns.rerun(id, Caller.of(req).by());
        } catch (Reruns.CannotRerunException e) {
            throw new ApiException(e.noSuchRun() ? Status.NOT_FOUND_404 : Status.CONFLICT_409, e.getMessage(), Map.of());
        }
        Json.ok(res, Map.of("run", run.id(), "program", run.programName()));
    }
}
