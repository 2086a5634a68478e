package lurch.server.web;

import io.helidon.common.media.type.MediaTypes;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.server.engine.RunControl;

/**
 * {@code /runs/ID}: the run's tree and a page of its logs ({@code ?only=SUBRUN} filters by sub-run,
 * {@code ?after=SEQ} pages the log, {@code ?runs_after=ID} the tree); {@code /runs/ID/lines/SEQ} is one line in
 * full; POST {@code /runs/ID/cancel|approve|answer} act on it through the engine.
 */
final class RunPage implements HttpService {

    private final RunView view;
    private final RunAgainAndArtifacts extras;
    private final RunControl control;
    private final Pages pages;

    RunPage(RunView view, RunAgainAndArtifacts extras, RunControl control, Pages pages) {
        this.view = view;
        this.extras = extras;
        this.control = control;
        this.pages = pages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}", this::show)
                .get("/{id}/lines/{seq}", this::fullLine)
                .post("/{id}/cancel", PostForm.handler(this::cancel))
                .post("/{id}/approve", PostForm.handler(this::approve))
                .post("/{id}/answer", PostForm.handler(this::answer));
    }

    private void show(ServerRequest req, ServerResponse res) {
        long id = WebParams.runId(req);
        long only = WebParams.longValue(req, "only", 0, 0, Long.MAX_VALUE);
        long after = WebParams.longValue(req, "after", -1, 0, Long.MAX_VALUE);
        long runsAfter = WebParams.longValue(req, "runs_after", 0, 0, Long.MAX_VALUE);
        Map<String, Object> model = view.model(id, only == 0 ? null : only, after < 0 ? null : after, runsAfter);
        model.put("artifacts", extras.model((Run) model.get("run")));
        pages.render(req, res, "run", model);
    }

    /** One log line in full, as plain text (never as HTML, whatever it holds). */
    private void fullLine(ServerRequest req, ServerResponse res) {
        long id = WebParams.runId(req);
        long seq = WebParams.number("line number", req.path().pathParameters().get("seq"), 1, Long.MAX_VALUE);
        LogLine line = view.line(id, seq).orElseThrow(() -> PageException.notFound("run #" + id + " has no line " + seq));
        res.headers().contentType(MediaTypes.create("text/plain; charset=UTF-8"));
        res.header("X-Content-Type-Options", "nosniff");
        res.send(line.text());
    }

    private void cancel(PostForm form, ServerRequest req, ServerResponse res) {
        control.cancel(WebParams.runId(req), form.viewer().user());
        back(form, res);
    }

    private void approve(PostForm form, ServerRequest req, ServerResponse res) {
        boolean approved = switch (form.text("decision")) {
            case "approve" -> true;
            case "reject" -> false;
            default -> throw PageException.badRequest("decision must be 'approve' or 'reject', not '"
                    + form.text("decision") + "'");
        };
        String message = form.text("message").isBlank() ? null : form.text("message");
        settle(() -> control.approve(WebParams.runId(req), approved, message, form.viewer().user()));
        back(form, res);
    }

    private void answer(PostForm form, ServerRequest req, ServerResponse res) {
        settle(() -> control.answer(WebParams.runId(req), form.text("value"), form.viewer().user()));
        back(form, res);
    }

    private static void settle(Runnable action) {
        try {
            action.run();
        } catch (RunControl.NotWaitingException e) {
            throw new PageException(Status.CONFLICT_409, e.getMessage() + " (someone may have settled it already)");
        }
    }

    /** Back to the page the form was on (the run page or /approvals). */
    private static void back(PostForm form, ServerResponse res) {
        res.status(Status.SEE_OTHER_303).header("Location", Links.localOrHome(form.text("back"))).send();
    }
}
