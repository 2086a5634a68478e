package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.TreeMap;
import lurch.db.LogStore;
import lurch.server.engine.EngineMetrics;

/** {@code GET /metrics}, without a token: the engine's figures in the Prometheus text format 0.0.4. */
final class MetricsService implements HttpService {

    private final EngineMetrics metrics;
    private final LogStore logs;

    MetricsService(EngineMetrics metrics, LogStore logs) {
        this.metrics = metrics;
        this.logs = logs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::metrics);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        StringBuilder text = new StringBuilder();
        metric(text, "lurch_runs_started_total", "counter", "Top runs started since the server started.");
        text.append("lurch_runs_started_total ").append(metrics.runsStarted()).append('\n');
        metric(text, "lurch_runs_finished_total", "counter", "Top runs finished since the server started, by status.");
        for (Map.Entry<String, Long> e : new TreeMap<>(metrics.runsFinished()).entrySet()) {
            text.append("lurch_runs_finished_total{status=\"").append(e.getKey()).append("\"} ")
                    .append(e.getValue()).append('\n');
        }
        gauge(text, "lurch_processes_running", "Processes running now.", metrics.processesRunning());
        gauge(text, "lurch_process_queue_length", "Execs waiting for a free process slot.",
                metrics.processQueueLength());
        gauge(text, "lurch_log_lines_stored", "Output lines stored.", logs.count());
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(text.toString());
    }

    private static void gauge(StringBuilder text, String name, String help, long value) {
        metric(text, name, "gauge", help);
        text.append(name).append(' ').append(value).append('\n');
    }

    private static void metric(StringBuilder text, String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
