package lurch.server.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.server.artifacts.ArtifactDownload;
import lurch.server.artifacts.StoredArtifacts;

/**
 * {@code /api/runs/ID/artifacts}: the files a top run kept (a sub-run's number stands for its top run), as a JSON
 * list of {@code {"path", "size"}}, and {@code /api/runs/ID/artifacts/PATH}: one file's bytes, as a download.
 */
final class ArtifactsService implements HttpService {

    private final RunStore runs;
    private final StoredArtifacts artifacts;

    ArtifactsService(RunStore runs, StoredArtifacts artifacts) {
        this.runs = runs;
        this.artifacts = artifacts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/artifacts", this::list)
                .get("/{id}/artifacts/{+path}", this::download);
    }

    private void list(ServerRequest req, ServerResponse res) {
        long topId = topOf(Params.runId(req));
        List<Map<String, Object>> list = artifacts.of(topId).stream().map(a -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", a.path());
            row.put("size", a.sizeBytes());
            return row;
        }).toList();
        Json.ok(res, list);
    }

    private void download(ServerRequest req, ServerResponse res) {
        ArtifactDownload.serve(artifacts, topOf(Params.runId(req)), req.path().rawPath(), res,
                new ArtifactDownload.Refusals(ApiException::badRequest, ApiException::notFound));
    }

    private long topOf(long id) {
        Run run = runs.get(id).orElseThrow(() -> ApiException.notFound("no run #" + id));
        return run.topId();
    }
}
