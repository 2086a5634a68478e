package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import lurch.db.LogStore;
import lurch.db.RunStore;
import lurch.db.StoredLines;
import lurch.db.StoredText;
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
                after = writeAll(id, after, prefix, writer);
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
    private long writeAll(long id, long after, Prefix prefix, LogTextWriter writer) throws IOException {
        Page page = read(id, after, prefix);
        while (true) {
            Page current = page;
            CompletableFuture<Page> next = current.more()
                    ? CompletableFuture.supplyAsync(() -> read(id, current.last(), prefix), VIRTUAL_THREADS) : null;
            current.writeTo(writer);
            if (next == null) {
                writer.flush();
                return current.last();
            }
            page = next.join();
        }
    }

    /** Without a prefix, a page of whole chunks goes out as stored; otherwise, or where it cannot, line by line. */
    private Page read(long id, long after, Prefix prefix) {
        if (prefix == Prefix.NONE) {
            Optional<StoredText> text = logs.readText(id, after, PAGE);
            if (text.isPresent()) {
                return new TextPage(text.get());
            }
        }
        return new LinesPage(logs.readStored(id, after, PAGE), after);
    }

    /** A page of the log, read while the one before it is written. */
    private sealed interface Page {
        /** The seq to read the next page after. */
        long last();

        /** Whether lines may follow in the store. */
        boolean more();

        void writeTo(LogTextWriter writer) throws IOException;
    }

    private record TextPage(StoredText text) implements Page {
        public long last() {
            return text.lastSeq();
        }

        public boolean more() {
            return !text.isEmpty();
        }

        public void writeTo(LogTextWriter writer) throws IOException {
            writer.write(text);
        }
    }

    private record LinesPage(StoredLines lines, long after) implements Page {
        public long last() {
            return lines.isEmpty() ? after : lines.seq(lines.size() - 1);
        }

        public boolean more() {
            return lines.size() == PAGE;
        }

        public void writeTo(LogTextWriter writer) throws IOException {
            writer.write(lines);
        }
    }

    boolean ended(long id) {
        return runs.get(id).orElseThrow(() -> ApiException.notFound("no run #" + id)).status().isFinal();
    }
}
