package lurch.hooks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import lurch.hooks.webhook.Forge;

/**
 * A local stand-in for GitHub's, GitLab's or Gitea's commit-status API on 127.0.0.1, checking requests the way the forge
 * does (method, path, token, headers, JSON body) and recording every one with the answer it got.
 *
 * <p>{@link #failNext(int)} makes the next requests fail with 500, to test retries.
 */
public final class FakeForge implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Forge forge;
    private final String token;
    private final HttpServer server;
    private final List<StatusRequest> requests = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    private FakeForge(Forge forge, String token) throws IOException {
        this.forge = forge;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fake of {@code forge} accepting only {@code token}. */
    public static FakeForge start(Forge forge, String token) {
        try {
            return new FakeForge(forge, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The API base URL to configure, like {@code https://api.github.com} or {@code https://gitlab.com/api/v4}; for
     * Gitea the instance's URL, to which Lurch adds {@code /api/v1}.
     */
    public String apiBase() {
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        return forge == Forge.GITLAB ? root + "/api/v4" : root;
    }

    /** Answers the next {@code count} requests with 500 before looking at them. */
    public void failNext(int count) {
        failures.set(count);
    }

    /** Every request so far, in arrival order. */
    public synchronized List<StatusRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests the forge accepted (201), in arrival order. */
    public synchronized List<StatusRequest> accepted() {
        return requests.stream().filter(request -> request.answer() == 201).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawPath = exchange.getRequestURI().getRawPath();
            Verdict verdict = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    ? new Verdict(500, "{\"message\":\"Server Error\"}")
                    : check(exchange, rawPath, body);
            synchronized (this) {
                requests.add(new StatusRequest(exchange.getRequestMethod(), rawPath, exchange.getRequestHeaders(),
                        parse(body), verdict.status()));
            }
            byte[] answer = verdict.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(verdict.status(), answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private Verdict check(HttpExchange exchange, String rawPath, String body) {
        StatusRules rules = StatusRules.valueOf(forge.id().toUpperCase(java.util.Locale.ROOT));
        return rules.check(exchange.getRequestMethod(), rawPath, exchange.getRequestHeaders(), parse(body), token);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** An HTTP answer: status code and JSON body. */
    record Verdict(int status, String body) {
    }
}
