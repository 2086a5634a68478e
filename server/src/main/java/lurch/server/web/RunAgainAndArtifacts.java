package lurch.server.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.server.artifacts.ArtifactDownload;
import lurch.server.artifacts.StoredArtifacts;
import lurch.server.engine.Reruns;

/**
 * What the run page adds for a finished top run: its kept files ({@code GET /runs/ID/artifacts/PATH}, the list in
 * {@link #model}) and the "Run again" button ({@code POST /runs/ID/rerun}, which goes on to the new run's page).
 */
final class RunAgainAndArtifacts implements HttpService {

    /** One kept file as the run page lists it. */
    public record ArtifactRow(String path, String size, String href) {}

    private final RunStore runs;
    private final StoredArtifacts artifacts;
    private final Reruns reruns;

    RunAgainAndArtifacts(RunStore runs, StoredArtifacts artifacts, Reruns reruns) {
        this.runs = runs;
        this.artifacts = artifacts;
        this.reruns = reruns;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/artifacts/{+path}", this::download)
                .post("/{id}/rerun", PostForm.handler(this::rerun));
    }

    /** The rows of the run page's artifact list: those of the top run. */
    List<ArtifactRow> model(Run run) {
        return artifacts.of(run.topId()).stream().map(a -> new ArtifactRow(a.path(), Figures.bytes(a.sizeBytes()),
                "/runs/" + run.topId() + "/artifacts/" + ArtifactDownload.encode(a.path()))).toList();
    }

    private void download(ServerRequest req, ServerResponse res) {
        long id = WebParams.runId(req);
        long topId = runs.get(id).orElseThrow(() -> PageException.notFound("no run #" + id)).topId();
        ArtifactDownload.serve(artifacts, topId, req.path().rawPath(), res,
                new ArtifactDownload.Refusals(PageException::badRequest, PageException::notFound));
    }

    private void rerun(PostForm form, ServerRequest req, ServerResponse res) {
        Run started;
        try {
            started = reruns.rerun(WebParams.runId(req), form.viewer().creator());
        } catch (Reruns.CannotRerunException e) {
            throw e.noSuchRun() ? PageException.notFound(e.getMessage()) : new PageException(Status.CONFLICT_409, e.getMessage());
        }
        res.status(Status.SEE_OTHER_303).header("Location", Links.run(started.id())).send();
    }
}
