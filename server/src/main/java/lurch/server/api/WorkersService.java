package lurch.server.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import lurch.db.Worker;
import lurch.db.WorkerStore;

/** {@code GET /api/workers}: every worker ever registered, by name, with its state and when it was last heard of. */
final class WorkersService implements HttpService {

    /** A worker as the API shows it; {@code state} is ready, busy, lost or stopped. */
    record WorkerJson(String name, String state, int isolates, String started, String lastSeen) {
        static WorkerJson of(Worker worker) {
            return new WorkerJson(worker.name(), worker.state().dbName(), worker.isolates(),
                    Json.time(worker.started()), Json.time(worker.lastSeen()));
        }
    }

    private final WorkerStore workers;

    WorkersService(WorkerStore workers) {
        this.workers = workers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, workers.list().stream().map(WorkerJson::of).toList());
    }
}
