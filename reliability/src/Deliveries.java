import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Signed GitHub push deliveries of one registered repository, sent 16 at a time, each answer timed. What was
 * answered 2xx is remembered: those must be built exactly once, whatever happens to the server.
 */
final class Deliveries {

    private static final String SECRET = "reliability-secret";
    private static final int CONCURRENCY = 16;

    private final Lab lab;
    private final String repo;
    private final String body;
    private final String signature;
    final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Deliveries(Lab lab, String repo, String body, String signature) {
        this.lab = lab;
        this.repo = repo;
        this.body = body;
        this.signature = signature;
    }

    /** Registers a bare repository of {@code files} as {@code repo} (the program's name) on the lab's server. */
    static Deliveries register(Lab lab, String repo, Map<String, String> files) throws Exception {
        Path work = lab.setup.work();
        Path bare = HookWorkload.bareRepository(work, repo.replace('/', '-'), files);
        new Cli(lab.setup, lab.server()).run("repo", "add", repo, "--url", bare.toUri().toString(), "--secret", SECRET);
        String body = HookWorkload.pushBody(repo, HookWorkload.head(work, bare), bare);
        return new Deliveries(lab, repo, body, HookWorkload.signature(SECRET, body));
    }

    /** Sends a delivery for each id, {@value #CONCURRENCY} at a time; a refused connection (a dead server) is no answer. */
    void send(List<String> ids) throws InterruptedException {
        String url = lab.server().url() + "/hooks/github";
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
            List<Future<?>> sent = new ArrayList<>();
            for (String id : ids) {
                sent.add(pool.submit(() -> sendOne(url, id)));
            }
            for (Future<?> f : sent) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // no answer: the server died mid-request
                }
            }
        }
    }

    private Void sendOne(String url, String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", signature).header("X-GitHub-Delivery", id)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        slowestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
        if (status / 100 == 2) {
            answered.add(id);
        } else {
            refused.incrementAndGet();
        }
        return null;
    }

    double slowestSeconds() {
        return slowestNanos.get() / 1e9;
    }

    long refused() {
        return refused.get();
    }

    /** Waits until none of the repository's newest 1,000 deliveries is queued or in processing; false on time-out. */
    boolean awaitProcessed(int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            String recent = lab.api().get("/api/deliveries?limit=1000&repo=" + repo);
            if (!recent.contains("\"queued\"") && !recent.contains("\"processing\"")) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** After the server stopped: the creator of every top run started by a delivery whose id starts with {@code prefix}. */
    List<String> builtCreators(String prefix) throws IOException, InterruptedException {
        return lab.sqlAfterStop("SELECT creator FROM runs WHERE parent_id IS NULL AND creator LIKE 'webhook:"
                + prefix + "%'");
    }

    /**
     * After the server stopped: how the deliveries whose id starts with {@code prefix} ended, the most frequent
     * outcomes and messages first, counted; what a scenario that lost deliveries reports, to be looked into.
     */
    String outcomes(String prefix) throws IOException, InterruptedException {
        Map<String, Long> counted = lab.sqlAfterStop("SELECT outcome || ': ' || COALESCE(message, '') AS ended"
                        + " FROM deliveries WHERE delivery_key LIKE '" + prefix + "%'").stream()
                .collect(Collectors.groupingBy(ended -> ended, Collectors.counting()));
        return counted.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getValue() + " x " + e.getKey()).collect(Collectors.joining("; "));
    }

    static List<String> ids(String prefix, int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }
}
