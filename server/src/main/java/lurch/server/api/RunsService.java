package lurch.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.db.WaitingFor;
import lurch.server.engine.RunControl;

/** {@code /api/runs}: lists and shows runs (reads from the store), and acts on them through the engine. */
final class RunsService implements HttpService {

    private static final int MAX_WAIT_SECONDS = 60;

    private final RunStore runs;
    private final RunControl control;

    RunsService(RunStore runs, RunControl control) {
        this.runs = runs;
        this.control = control;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{id}", this::show)
                .post("/{id}/cancel", this::cancel)
                .post("/{id}/approve", this::approve)
                .post("/{id}/answer", this::answer);
    }

    /** Top runs, newest first, optionally of one {@code program}. */
    private void list(ServerRequest req, ServerResponse res) {
        int limit = Params.query(req, "limit", 20, 1, 1000);
        String program = req.query().first("program").orElse(null);
        List<RunJson> list = runs.topRuns(program, limit).stream()
                .map(run -> RunTree.of(runs.subtree(run.id())).rootJson()).toList();
        Json.ok(res, list);
    }

    /** The run and its whole tree; {@code ?wait=SECONDS} first waits up to that long for it to end. */
    private void show(ServerRequest req, ServerResponse res) {
        long id = Params.runId(req);
        int wait = Params.query(req, "wait", 0, 0, MAX_WAIT_SECONDS);
        if (wait > 0 && !existing(id).status().isFinal()) {
            awaitEnd(id, wait);
        }
        RunTree tree = RunTree.of(runs.subtree(existing(id).id()));
        ObjectNode body = Json.MAPPER.valueToTree(tree.rootJson());
        Map<String, String> git = GitData.of(runs.data(tree.rootJson().top()));
        if (!git.isEmpty()) {
            body.set("git", Json.MAPPER.valueToTree(git));
        }
        body.set("tree", Json.MAPPER.valueToTree(tree.treeJson()));
        Json.ok(res, body);
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        long id = existing(Params.runId(req)).id();
        Json.ok(res, Map.of("cancelled", control.cancel(id, Caller.of(req).by())));
    }

    /** Body {@code {"approve": true|false, "message": "..."}}. */
    private void approve(ServerRequest req, ServerResponse res) {
        long id = waitingBelow(existing(Params.runId(req)), WaitingFor.APPROVAL);
        JsonNode body = Json.body(req);
        if (!body.path("approve").isBoolean()) {
            throw ApiException.badRequest("approve: expected true or false");
        }
        boolean approved = body.get("approve").asBoolean();
        control.approve(id, approved, Json.optionalString(body, "message"), Caller.of(req).by());
        Json.ok(res, Map.of("run", id, "approved", approved));
    }

    /** Body {@code {"value": "..."}}. */
    private void answer(ServerRequest req, ServerResponse res) {
        long id = waitingBelow(existing(Params.runId(req)), WaitingFor.ANSWER);
        String value = Json.optionalString(Json.body(req), "value");
        if (value == null) {
            throw ApiException.badRequest("value: expected a string");
        }
        control.answer(id, value, Caller.of(req).by());
        Json.ok(res, Map.of("run", id, "value", value));
    }

    private Run existing(long id) {
        return runs.get(id).orElseThrow(() -> ApiException.notFound("no run #" + id));
    }

    /**
     * The run itself when it waits for {@code what}, else the only run below it that does: users see
     * the number of the top run ("started as run #1") and should not need to look up the sub-run.
     * Otherwise the run itself, and the engine answers that it is not waiting.
     */
    private long waitingBelow(Run run, WaitingFor what) {
        if (run.waitingFor() == what) {
            return run.id();
        }
        List<Run> waiting = runs.subtree(run.id()).stream().filter(r -> r.waitingFor() == what).toList();
        return waiting.size() == 1 ? waiting.getFirst().id() : run.id();
    }

    private void awaitEnd(long id, int seconds) {
        try {
            control.whenFinished(id).get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the caller asks again; answering with the run as it is now is the point of a long poll
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for run #" + id + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
