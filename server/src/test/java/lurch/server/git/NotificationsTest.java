package lurch.server.git;

import static lurch.server.git.GitServerFixture.JSON;
import static lurch.server.git.GitServerFixture.SECRET;
import static lurch.server.git.GitServerFixture.await;
import static lurch.server.git.GitServerFixture.gitHubPush;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lurch.db.DeliveryOutcome;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.SignedDelivery;
import lurch.hooks.webhook.Forge;
import lurch.hooks.webhook.WebhookSignatures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a top run ends its program's notification URLs get a signed JSON POST, retried after a failure, each attempt
 * on the run's log; a local receiver checks the signature as a receiver should.
 */
class NotificationsTest {
    private static final String REPO = "octo/hello";
    private static final String KEY = "notify-key-42";
    private static final String FAILS = "(isolate (chroot \"busybox\") (exec \"/bin/cat\" (\"missing.txt\")))\n";

    /** A request the receiver got: path, whether its signature was right, and the body. */
    record Received(String path, boolean signed, boolean validSignature, JsonNode body) {}

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aFailedGitRunIsSentSignedAndRetriedAndEachAttemptIsLogged(TestDatabase kind) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String signature = exchange.getRequestHeaders().getFirst("X-Lurch-Signature-256");
                received.add(new Received(exchange.getRequestURI().getPath(), signature != null,
                        signature != null && WebhookSignatures.validGitHub(KEY, body, signature), JSON.readTree(body)));
                boolean fail = exchange.getRequestURI().getPath().equals("/signed")
                        && failuresLeft.getAndDecrement() > 0;
                exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            }
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            assertEquals(0, f.cli("notify", "add", REPO, base + "/signed", "--secret", KEY).code());
            assertEquals(0, f.cli("notify", "add", REPO, base + "/chat?token=x", "--on", "always").code());
            assertEquals(0, f.cli("notify", "add", "another-program", base + "/other").code());
            GitServerFixture.CliResult list = f.cli("notify", "list");
            assertTrue(list.out().startsWith("# program\turl\tsecret\ton\n"), list.out());
            assertTrue(list.out().contains(REPO + "\t" + base + "/signed\tset\tfailure\n"), list.out());
            assertTrue(list.out().contains(REPO + "\t" + base + "/chat?token=x\tn.a.\talways\n"), list.out());
            assertFalse(list.out().contains(KEY), "the secret is never shown");

            String sha = f.repo.write(".lurch", FAILS).commit("break it");
            f.post("/hooks/github", SignedDelivery.gitHub("push", SECRET, gitHubPush(REPO, sha)));
            long runId = await("the push's run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED).runId();
            Run run = f.server.engine().whenFinished(runId).get(30, TimeUnit.SECONDS);
            assertEquals(RunStatus.FAILURE, run.status());

            await("the retried and the chat notification", () -> received.size() >= 3);
            List<Received> signed = received.stream().filter(r -> r.path().equals("/signed")).toList();
            assertEquals(2, signed.size(), "one failed attempt, one retry");
            for (Received r : signed) {
                assertTrue(r.validSignature(), "signed as GitHub signs, with the notification's secret");
            }
            JsonNode body = signed.getLast().body();
            assertEquals(runId, body.path("run").asLong());
            assertEquals(REPO, body.path("program").asText());
            assertEquals("failure", body.path("status").asText());
            assertEquals(run.exitCode().intValue(), body.path("exit_code").asInt());
            assertEquals("https://ci.example.com/runs/" + runId, body.path("url").asText());
            assertEquals(sha, body.path("git").path("commit").asText());
            assertEquals(REPO, body.path("git").path("repo").asText());
            assertEquals("break it", body.path("git").path("message").asText());
            assertTrue(body.path("text").asText().contains("run #" + runId + " of " + REPO), body.toString());

            Received chat = received.stream().filter(r -> r.path().equals("/chat")).findFirst().orElseThrow();
            assertFalse(chat.signed(), "no secret, no signature");
            assertTrue(received.stream().noneMatch(r -> r.path().equals("/other")), "another program's URL");

            List<String> log = await("the attempts in the run's log", () -> f.logTexts(runId),
                    lines -> lines.stream().filter(l -> l.startsWith("notify ")).count() >= 3);
            assertTrue(log.contains("notify " + base + "/… attempt 1: 503; retrying in 1000 ms"), log.toString());
            assertTrue(log.contains("notify " + base + "/… attempt 2: 200"), log.toString());
            assertFalse(String.join("\n", log).contains("token=x"), "the URL's path and query stay out of the log");

            GitServerFixture.CliResult bad = f.cli("notify", "add", REPO, "file:///etc/passwd");
            assertEquals(1, bad.code());
            assertEquals("lurch: url: expected an http:// or https:// URL, not 'file:///etc/passwd'\n", bad.err());
            assertEquals(1, f.cli("notify", "add", REPO, base + "/signed").code(), "added twice");
            assertEquals(0, f.cli("notify", "rm", REPO, base + "/signed").code());
            assertEquals(1, f.cli("notify", "rm", REPO, base + "/signed").code());
        } finally {
            receiver.stop(0);
        }
    }
}
