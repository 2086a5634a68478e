package lurch.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.server.api.LogSignal;

/**
 * {@code /runs/ID/events?after=SEQ&only=SUBRUN}: Server-Sent Events for a run page while the run goes on.
 * Events: {@code lines} (new log lines, styled), {@code runs} (status of each run of the tree, when one changed)
 * and a final {@code end}, after which the page closes the stream (EventSource would reconnect otherwise).
 */
final class RunEvents implements HttpService {

    /** Made at the first event, not at every start: Jackson stays out of a start (see HealthService). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
    private static final int BATCH = 500;
    /** A comment this often finds out when the browser has gone away. */
    private static final long HEARTBEAT_MILLIS = 15_000;

    /** What the page shows of a run in its tree. */
    public record RunState(long id, String status, String waitingFor, String exitCode) {
        static RunState of(Run run) {
            return new RunState(run.id(), run.status().dbName(),
                    run.waitingFor() == null ? "" : run.waitingFor().dbName(), Figures.exitCode(run.exitCode()));
        }
    }

    private final RunStore runs;
    private final LogStore logs;
    private final LogSignal signal;

    RunEvents(RunStore runs, LogStore logs, LogSignal signal) {
        this.runs = runs;
        this.logs = logs;
        this.signal = signal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/events", this::events);
    }

    private void events(ServerRequest req, ServerResponse res) throws InterruptedException {
        long id = WebParams.runId(req);
        long only = WebParams.longValue(req, "only", id, 1, Long.MAX_VALUE);
        long after = WebParams.longValue(req, "after", 0, 0, Long.MAX_VALUE);
        runs.get(id).orElseThrow(() -> PageException.notFound("no run #" + id));
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            List<RunState> shown = List.of();
            while (true) {
                long generation = signal.generation();
                // the status before the lines: once the run has ended, all its lines are stored
                boolean ended = runs.get(id).orElseThrow().status().isFinal();
                List<LogLine> lines = logs.read(only, after, BATCH);
                if (!lines.isEmpty()) {
                    sink.emit(event("lines", lines.stream().map(LogPage.Row::of).toList()));
                    after = lines.getLast().seq();
                }
                List<RunState> states = runs.subtree(id, 0, RunView.MAX_ROWS).stream().map(RunState::of).toList();
                if (!Objects.equals(states, shown)) {
                    sink.emit(event("runs", states));
                    shown = states;
                }
                if (lines.size() == BATCH) {
                    continue; // more stored lines to send before waiting
                }
                if (ended) {
                    sink.emit(event("end", states.getFirst()));
                    return;
                }
                signal.awaitAfter(generation, HEARTBEAT_MILLIS);
                if (signal.generation() == generation) {
                    sink.emit(SseEvent.builder().comment("still running").build());
                }
            }
        } catch (UncheckedIOException e) {
            // the browser went away: nothing left to do
        }
    }

    private static SseEvent event(String name, Object data) {
        try {
            return SseEvent.builder().name(name).data(Mapper.JSON.writeValueAsString(data)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + name + " event", e);
        }
    }
}
