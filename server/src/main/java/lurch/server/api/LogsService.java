package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.db.RunStore;

/**
 * {@code /api/runs/ID/logs}: the output of a run and everything below it, as JSON pages or as one
 * tab-separated stream ({@code Accept: text/tab-separated-values} or {@code ?format=tsv}), which
 * with {@code ?follow=true} goes on until the run has ended; and {@code /api/runs/ID/log.txt}, the
 * same as plain text ({@link LogText}).
 */
final class LogsService implements HttpService {

    static final String TSV = "text/tab-separated-values";

    private final LogStore logs;
    private final LogText text;

    LogsService(RunStore runs, LogStore logs, LogSignal signal) {
        this.logs = logs;
        this.text = new LogText(runs, logs, signal);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/logs", this::logs)
                .get("/{id}/log.txt", text::send);
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
        if (wantsTsv(req)) {
            text.stream(id, Params.flag(req, "follow"), LogTextWriter.Prefix.RUN_TIME, TSV + "; charset=UTF-8", res);
            return;
        }
        long after = Params.query(req, "after", 0L, 0L, Long.MAX_VALUE);
        int limit = Params.query(req, "limit", 1000, 1, 10_000);
        boolean ended = text.ended(id); // 404 for an unknown run
        List<LogLine> page = logs.read(id, after, limit);
        long lastSeq = page.isEmpty() ? after : page.getLast().seq();
        Json.ok(res, new PageJson(page.stream().map(LineJson::of).toList(), lastSeq, ended && page.size() < limit));
    }

    private static boolean wantsTsv(ServerRequest req) {
        return req.query().first("format").map("tsv"::equals)
                .orElseGet(() -> req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains(TSV)).orElse(false));
    }
}
