package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import lurch.db.LogStore;
import lurch.db.RunStore;
import lurch.db.StoredLines;
import lurch.server.api.LogTextWriter.Prefix;

/**
 * The output of a run and everything below it as one text stream, in the order it was stored (the order
 * {@code lurch logs} prints), written page by page: a million lines never sit in memory at once. Serves
 * {@code GET /api/runs/ID/log.txt} and {@code /runs/ID/log.txt}: {@code ?prefix=run} puts {@code RUN\t} before each
 * line, {@code ?prefix=run-time} {@code RUN\tTIME\t} (the CLI's format); {@code ?follow=true} goes on until the run
 * has ended.
 */
public final class LogText {

    private static final int PAGE = 50_000;
    private static final long FOLLOW_POLL_MILLIS = 1000;
    private static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().start(task);

    private final RunStore runs;
    private final LogStore logs;
    private final LogSignal signal;

    public LogText(RunStore runs, LogStore logs, LogSignal signal) {
        this.runs = runs;
        this.logs = logs;
        this.signal = signal;
    }

    /** The handler of {@code GET .../ID/log.txt}. */
    public void send(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        long id = Params.runId(req);
        Prefix prefix = switch (req.query().first("prefix").orElse("")) {
            case "" -> Prefix.NONE;
            case "run" -> Prefix.RUN;
            case "run-time" -> Prefix.RUN_TIME;
            case String other -> throw ApiException.badRequest("query parameter 'prefix' must be run or run-time,"
                    + " not '" + other + "'");
        };
        stream(id, Params.flag(req, "follow"), prefix, "text/plain; charset=UTF-8", res);
    }

    /** Streams the lines of run {@code id}'s tree; 404 for an unknown run before anything is sent. */
    void stream(long id, boolean follow, Prefix prefix, String contentType, ServerResponse res)
            throws IOException, InterruptedException {
        ended(id);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        try (OutputStream out = res.outputStream()) {
            LogTextWriter writer = new LogTextWriter(out, ZoneId.systemDefault(), prefix);
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
    private long writeAll(long id, long after, LogTextWriter writer) throws IOException {
        StoredLines page = logs.readStored(id, after, PAGE);
        while (true) {
            after = page.isEmpty() ? after : page.seq(page.size() - 1);
            boolean more = page.size() == PAGE;
            long from = after;
            CompletableFuture<StoredLines> next = more
                    ? CompletableFuture.supplyAsync(() -> logs.readStored(id, from, PAGE), VIRTUAL_THREADS) : null;
            writer.write(page);
            if (!more) {
                writer.flush();
                return after;
            }
            page = next.join();
        }
    }

    boolean ended(long id) {
        return runs.get(id).orElseThrow(() -> ApiException.notFound("no run #" + id)).status().isFinal();
    }
}
