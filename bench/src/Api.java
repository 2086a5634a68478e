import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST API as any client sees it: bearer token, JSON in and out. Only the few fields the
 * workloads need are read, by pattern, so the bench needs no JSON library.
 */
final class Api {

    private static final Pattern RUN_ID = Pattern.compile("\"run\"\\s*:\\s*(\\d+)");
    // the first status in GET /api/runs/ID is the run's own; its tree follows
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Set<String> FINAL = Set.of("success", "failure", "cancelled");

    private final String base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Stores a new version of program {@code name}. */
    void putProgram(String name, String source) throws IOException, InterruptedException {
        send(request("/api/programs/" + encode(name)).PUT(HttpRequest.BodyPublishers.ofString(source)), 200);
    }

    /** Starts program {@code name} and returns the new run's id. */
    long start(String name) throws IOException, InterruptedException {
        String body = send(request("/api/programs/" + encode(name) + "/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), 201);
        return Long.parseLong(first(RUN_ID, body));
    }

    /** Long-polls until run {@code id} has ended; returns its final status. */
    String awaitEnd(long id) throws IOException, InterruptedException {
        while (true) {
            String status = first(STATUS, send(request("/api/runs/" + id + "?wait=60").GET(), 200));
            if (FINAL.contains(status)) {
                return status;
            }
        }
    }

    /** Starts {@code name}, waits for its end and fails unless it succeeded. */
    void runToSuccess(String name) throws IOException, InterruptedException {
        long id = start(name);
        expectSuccess(id);
    }

    void expectSuccess(long id) throws IOException, InterruptedException {
        String status = awaitEnd(id);
        if (!status.equals("success")) {
            throw new IOException("run #" + id + " ended with " + status + "; see its logs");
        }
    }

    /** POST of a JSON body to any path with the token; the answer's body, which must come with {@code expected}. */
    String post(String path, String json, int expected) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), expected);
    }

    /** GET of any path with the token; returns the status code, body discarded. */
    int status(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** GET of any path with the token; the body, which must come with status 200. */
    String get(String path) throws IOException, InterruptedException {
        return send(request(path).GET(), 200);
    }

    /** A web page as an anonymous browser gets it (the bench server opens its pages: LURCH_PUBLIC_VIEW=true); its body. */
    String page(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90)).GET(), 200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + token);
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(built.method() + " " + built.uri().getPath() + ": " + response.statusCode()
                    + " " + response.body());
        }
        return response.body();
    }

    private static String first(Pattern pattern, String body) throws IOException {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IOException("unexpected answer: " + body);
        }
        return m.group(1);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
