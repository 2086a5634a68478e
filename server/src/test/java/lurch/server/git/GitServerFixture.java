package lurch.server.git;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import lurch.db.Database;
import lurch.db.LogLine;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.FakeForge;
import lurch.hooks.testing.SignedDelivery;
import lurch.hooks.testing.TestRepo;
import lurch.hooks.webhook.Forge;
import lurch.server.Config;
import lurch.server.LurchServer;
import lurch.server.cli.Cli;

/**
 * A real Lurch server (H2 or PostgreSQL, real engine and isolation, port chosen by the OS) with fake GitHub and
 * GitLab status APIs, a local git repository to build, and helpers to post deliveries and run the CLI.
 */
final class GitServerFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "webhook-secret-1234";
    static final String GITHUB_TOKEN = "ghp_0123456789abcdefWXYZ";
    static final String GITLAB_TOKEN = "glpat-0123456789abcdQRST";
    static final String GITEA_TOKEN = "0123456789abcdef0123456789abcdef01234567";
    /** Reads a file of the checkout, so the run's log proves the workspace holds the commit's tree. */
    static final String CAT_HELLO = "(isolate (chroot \"busybox\") (exec \"/bin/cat\" (\"hello.txt\")))\n";

    final FreshDatabase fresh;
    final Database db;
    final Path home;
    final FakeForge github = FakeForge.start(Forge.GITHUB, GITHUB_TOKEN);
    final FakeForge gitlab = FakeForge.start(Forge.GITLAB, GITLAB_TOKEN);
    /** Not configured server-wide: repositories name it with {@code --gitea-url}, as a self-hosted instance. */
    final FakeForge gitea = FakeForge.start(Forge.GITEA, GITEA_TOKEN);
    final TestRepo repo;
    final LurchServer server;
    final Config config;
    private final HttpClient http = HttpClient.newHttpClient();

    GitServerFixture(TestDatabase kind) throws IOException {
        this(kind, Map.of());
    }

    /** With {@code settings} (LURCH_KEEP_RUNS=1, ...) on top of the fixture's own. */
    GitServerFixture(TestDatabase kind, Map<String, String> settings) throws IOException {
        fresh = kind.create();
        db = fresh.open();
        home = Files.createTempDirectory("lurch-git-test-");
        repo = TestRepo.create(home.resolve("remote"));
        Map<String, String> values = new java.util.HashMap<>(settings);
        values.putAll(Map.of(
                "LURCH_HOME", home.resolve("data").toString(), "LURCH_DB_URL", fresh.url(),
                "LURCH_DB_USER", fresh.user(), "LURCH_DB_PASSWORD", fresh.password(), "LURCH_PORT", "0",
                "LURCH_GITHUB_API_URL", github.apiBase(), "LURCH_GITLAB_API_URL", gitlab.apiBase(),
                "LURCH_PUBLIC_URL", "https://ci.example.com/"));
        config = Config.of(System.getenv(), values);
        server = LurchServer.start(config);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Runs the CLI against this server; returns exit code, stdout and stderr. */
    record CliResult(int code, String out, String err) {}

    CliResult cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Config withUrl = Config.of(config.values(), Map.of("LURCH_URL", baseUrl()));
        int code = Cli.run(List.of(args), withUrl, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Registers the test repository as {@code name} through the CLI, with a status token for {@code forge} (and for
     * Gitea the fake's URL) and {@code options} such as {@code --branches main}.
     */
    void register(String name, Forge forge, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("repo", "add", name, "--url", repo.url(), "--secret",
                SECRET, "--" + forge.id() + "-token", forge == Forge.GITHUB ? GITHUB_TOKEN
                        : forge == Forge.GITLAB ? GITLAB_TOKEN : GITEA_TOKEN));
        if (forge == Forge.GITEA) {
            args.addAll(List.of("--gitea-url", gitea.apiBase()));
        }
        args.addAll(List.of(options));
        CliResult result = cli(args.toArray(String[]::new));
        if (result.code() != 0) {
            fail("repo add failed: " + result.err());
        }
    }

    /** GitHub's new-branch push example, pointed at {@code repoName}, branch main and commit {@code sha}. */
    static byte[] gitHubPush(String repoName, String sha) throws IOException {
        ObjectNode payload = (ObjectNode) JSON.readTree(lurch.hooks.testing.WebhookFixtures.read(
                "github/push-with-new-branch.payload.json"));
        payload.put("ref", "refs/heads/main").put("after", sha);
        ((ObjectNode) payload.get("repository")).put("full_name", repoName);
        ((ObjectNode) payload.get("head_commit")).put("id", sha);
        return JSON.writeValueAsBytes(payload);
    }

    /** Gitea's push example, pointed at {@code repoName}, {@code ref} and commit {@code sha}. */
    static byte[] giteaPush(String repoName, String ref, String sha) throws IOException {
        ObjectNode payload = (ObjectNode) JSON.readTree(lurch.hooks.testing.WebhookFixtures.read("gitea/push.json"));
        payload.put("ref", ref).put("after", sha);
        ((ObjectNode) payload.get("repository")).put("full_name", repoName);
        ((ObjectNode) payload.get("head_commit")).put("id", sha);
        return JSON.writeValueAsBytes(payload);
    }

    /** GitLab's Push Hook example, pointed at {@code path}, branch main and commit {@code sha}. */
    static byte[] gitLabPush(String path, String sha) throws IOException {
        ObjectNode payload = (ObjectNode) JSON.readTree(lurch.hooks.testing.WebhookFixtures.read("gitlab/push-hook.json"));
        payload.put("ref", "refs/heads/main").put("after", sha).put("checkout_sha", sha);
        ((ObjectNode) payload.get("project")).put("path_with_namespace", path);
        return JSON.writeValueAsBytes(payload);
    }

    HttpResponse<String> post(String path, SignedDelivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the CLI's API token. */
    HttpResponse<String> getApi(String path) throws Exception {
        String token = Files.readString(home.resolve("data").resolve(lurch.server.api.CliToken.FILE)).strip();
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    List<String> logTexts(long runId) {
        return db.logs().read(runId, 0, 1_000_000).stream().map(LogLine::text).toList();
    }

    static <T> T await(String what, Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; last seen: " + last);
            }
            Thread.sleep(20);
            last = value.get();
        }
        return last;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition::getAsBoolean, Boolean::booleanValue);
    }

    @Override
    public void close() throws Exception {
        server.close();
        github.close();
        gitlab.close();
        gitea.close();
        repo.close();
        db.close();
        fresh.close();
        Thread.sleep(200);
        if (!Files.readString(Path.of("/proc/self/mountinfo")).contains(home.toString())) {
            try (var paths = Files.walk(home)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // a chroot still being torn down; the OS temp dir is cleaned eventually
            }
        }
    }
}
