package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.db.RunStore;

/**
 * {@code /api/runs/ID/logs}: the output of a run and everything below it, as JSON pages or as one
 * tab-separated stream ({@code Accept: text/tab-separated-values} or {@code ?format=tsv}), which
 * with {@code ?follow=true} goes on until the run has ended.
 */
final class LogsService implements HttpService {

    static final String TSV = "text/tab-separated-values";
    private static final int STREAM_PAGE = 50_000;
    private static final long FOLLOW_POLL_MILLIS = 1000;
    private static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().start(task);

    private final RunStore runs;
    private final LogStore logs;
    private final LogSignal signal;

    LogsService(RunStore runs, LogStore logs, LogSignal signal) {
        this.runs = runs;
        this.logs = logs;
        this.signal = signal;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/logs", this::logs);
    }

    record LineJson(long run, long seq, String time, String stream, String text) {
        static LineJson of(LogLine line) {
            return new LineJson(line.runId(), line.seq(), Json.time(line.time()),
                    line.stream().name().toLowerCase(Locale.ROOT), line.text());
        }
    }

    /** {@code finished}: the run has ended and this page holds its last line. */
    record PageJson(List<LineJson> lines, long lastSeq, boolean finished) {}

    private void logs(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        long id = Params.runId(req);
        ended(id); // answers 404 for an unknown run before anything is streamed
        if (wantsTsv(req)) {
            stream(id, Params.flag(req, "follow"), res);
            return;
        }
        long after = Params.query(req, "after", 0L, 0L, Long.MAX_VALUE);
        int limit = Params.query(req, "limit", 1000, 1, 10_000);
        boolean ended = ended(id);
        List<LogLine> page = logs.read(id, after, limit);
        long lastSeq = page.isEmpty() ? after : page.getLast().seq();
        Json.ok(res, new PageJson(page.stream().map(LineJson::of).toList(), lastSeq, ended && page.size() < limit));
    }

    private void stream(long id, boolean follow, ServerResponse res) throws IOException, InterruptedException {
        res.header(HeaderNames.CONTENT_TYPE, TSV + "; charset=UTF-8");
        try (OutputStream out = res.outputStream()) {
            TsvLogWriter writer = new TsvLogWriter(out, ZoneId.systemDefault());
            long after = 0;
            while (true) {
                long generation = signal.generation();
                // read the status before the lines: once ended, every line is stored
                boolean ended = !follow || ended(id);
                after = writeAll(id, after, writer);
                if (ended) {
                    return;
                }
                writer.flush();
                signal.awaitAfter(generation, FOLLOW_POLL_MILLIS);
            }
        }
    }

    /**
     * Writes every stored line after {@code after}; returns the last seq written. The next page is
     * read while the current one is written, so the database and the socket work at the same time.
     */
    private long writeAll(long id, long after, TsvLogWriter writer) throws IOException {
        List<LogLine> page = logs.read(id, after, STREAM_PAGE);
        while (true) {
            after = page.isEmpty() ? after : page.getLast().seq();
            boolean more = page.size() == STREAM_PAGE;
            long from = after;
            CompletableFuture<List<LogLine>> next = more
                    ? CompletableFuture.supplyAsync(() -> logs.read(id, from, STREAM_PAGE), VIRTUAL_THREADS) : null;
            writer.write(page);
            if (!more) {
                writer.flush();
                return after;
            }
            page = next.join();
        }
    }

    private boolean ended(long id) {
        return runs.get(id).orElseThrow(() -> ApiException.notFound("no run #" + id)).status().isFinal();
    }

    private static boolean wantsTsv(ServerRequest req) {
        return req.query().first("format").map("tsv"::equals)
                .orElseGet(() -> req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains(TSV)).orElse(false));
    }
}
