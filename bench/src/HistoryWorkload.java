import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** W7 (page half): the {@code /runs/ID} page of a program with a history of 10,000 runs. */
final class HistoryWorkload {

    private static final int HISTORY = 10_000;
    private static final int CLIENTS = 8;
    private static final int PAGE_LOADS = 20;

    private final Api api;

    HistoryWorkload(Api api) {
        this.api = api;
    }

    Row w7Page() throws Exception {
        api.putProgram("history", Programs.NO_OP);
        long newest = makeHistory();
        String path = "/runs/" + newest;
        for (int i = 0; i < 3; i++) {
            api.page(path);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < PAGE_LOADS; i++) {
            long t0 = System.nanoTime();
            api.page(path);
            millis.add((System.nanoTime() - t0) / 1e6);
        }
        return Row.atMost("W7.page", "/runs/ID page of a program with 10,000 runs", millis, "ms", 50);
    }

    /** Runs the no-op program 10,000 times from a few concurrent clients; returns the last run's id. */
    private long makeHistory() throws Exception {
        AtomicLong newest = new AtomicLong();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < HISTORY / CLIENTS; i++) {
                        long id = api.start("history");
                        api.expectSuccess(id);
                        newest.accumulateAndGet(id, Math::max);
                    }
                    return null;
                }));
            }
            for (Future<Object> client : done) {
                client.get();
            }
        }
        if (newest.get() == 0) {
            throw new IOException("no history was made");
        }
        return newest.get();
    }
}
