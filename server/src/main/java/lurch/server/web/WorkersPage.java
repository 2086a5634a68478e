package lurch.server.web;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import lurch.db.Worker;
import lurch.db.WorkerStore;

/** {@code /workers}: every registered worker, its state (ready, busy, lost, stopped), isolates and last heartbeat. */
final class WorkersPage implements HttpService {

    /** A worker as a row of the page; {@code state} is also its style class. */
    public record Row(String name, String state, int isolates, String started, String lastSeen, String ago) {}

    private final WorkerStore workers;
    private final Clock clock;
    private final Pages pages;

    WorkersPage(WorkerStore workers, Clock clock, Pages pages) {
        this.workers = workers;
        this.clock = clock;
        this.pages = pages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/workers", this::workers);
    }

    private void workers(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        pages.render(req, res, "workers", Map.of("workers", workers.list().stream().map(w -> row(w, now)).toList()));
    }

    private static Row row(Worker worker, Instant now) {
        return new Row(worker.name(), worker.state().dbName(), worker.isolates(), Figures.time(worker.started()),
                Figures.time(worker.lastSeen()), ago(Duration.between(worker.lastSeen(), now)));
    }

    /** How long ago a heartbeat was, to the second: what tells a worker about to be lost at a glance. */
    static String ago(Duration since) {
        long seconds = Math.max(0, since.toSeconds());
        return (seconds < 60 ? seconds + " s" : Figures.seconds((double) seconds)) + " ago";
    }
}
