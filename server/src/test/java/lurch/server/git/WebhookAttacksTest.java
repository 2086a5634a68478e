package lurch.server.git;

import static lurch.server.git.GitServerFixture.SECRET;
import static lurch.server.git.GitServerFixture.gitHubPush;
import static lurch.server.git.GitServerFixture.giteaPush;
import static lurch.server.git.GitServerFixture.gitLabPush;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.SignedDelivery;
import lurch.hooks.webhook.Forge;
import lurch.hooks.webhook.WebhookSignatures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Webhook endpoints face anyone on the network. The attacks: exhaust the server's memory with large unsigned
 * bodies, find out which repositories are registered from the answers, and make the server fail on odd paths.
 */
class WebhookAttacksTest {
    private static final String REPO = "octo/hello";
    private static final long MIB = 1 << 20;
    private static final long TWENTY_MIB = 20 * MIB;

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void fourUnsigned20MiBBodiesAreRefusedWithoutBeingRead(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            long before = allocatedBytes();
            List<CompletableFuture<String>> declared = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                declared.add(CompletableFuture.supplyAsync(() -> rawPost(f, false)));
            }
            for (CompletableFuture<String> answer : declared) {
                assertTrue(answer.get().startsWith("HTTP/1.1 413"), answer.get());
            }
            long declaredCost = allocatedBytes() - before;
            assertTrue(declaredCost < 16 * MIB, "4 declared 20 MiB bodies cost " + declaredCost / MIB + " MiB");

            // Without a Content-Length the limit is found by reading: at most LURCH_HOOK_MAX_BYTES + 1 of it.
            before = allocatedBytes();
            List<CompletableFuture<String>> chunked = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                chunked.add(CompletableFuture.supplyAsync(() -> rawPost(f, true)));
            }
            for (CompletableFuture<String> answer : chunked) {
                assertTrue(answer.get().startsWith("HTTP/1.1 413"), answer.get());
            }
            long chunkedCost = allocatedBytes() - before;
            // Reading allocates in pieces that are copied together, about twice the limit of 10 MiB; the tree the
            // server used to build cost some 350 MiB per body.
            assertTrue(chunkedCost < 4 * 4 * 10 * MIB, "4 chunked 20 MiB bodies cost " + chunkedCost / MIB + " MiB");

            assertEquals(200, f.get("/health").statusCode(), "the server is still up");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void anUnsignedBodyIsNotParsedIntoATree(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            // 8 MiB of tiny objects before the repository: as a tree, about 20 times its size.
            StringBuilder body = new StringBuilder("{\"commits\":[");
            while (body.length() < 8 * MIB) {
                body.append("{\"a\":1},");
            }
            body.append("{}],\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"" + REPO + "\"}}");
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            SignedDelivery unsigned = SignedDelivery.gitHub("push", "not-the-secret", bytes);

            long before = allocatedBytes();
            HttpResponse<String> answer = f.post("/hooks/github", unsigned);
            long cost = allocatedBytes() - before;
            assertEquals(401, answer.statusCode(), answer.body());
            // Sending and reading cost about 4 times the body here (client and server share this JVM); a tree of a
            // million objects costs some 250 bytes each, 30 times the body.
            assertTrue(cost < 8 * bytes.length, "an 8 MiB unsigned body cost " + cost / MIB + " MiB");

            before = allocatedBytes();
            HttpResponse<String> gitea = f.post("/hooks/gitea", SignedDelivery.gitea("push", "not-the-secret", bytes));
            long giteaCost = allocatedBytes() - before;
            assertEquals(401, gitea.statusCode(), gitea.body());
            assertTrue(giteaCost < 8 * bytes.length, "an 8 MiB unsigned Gitea body cost " + giteaCost / MIB + " MiB");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void anUnknownRepositoryAnswersExactlyLikeAWrongSignature(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            f.register("group/project", Forge.GITLAB);
            String sha = "a".repeat(40);

            HttpResponse<String> wrongSignature = f.post("/hooks/github",
                    SignedDelivery.gitHub("push", "guessed", gitHubPush(REPO, sha)));
            HttpResponse<String> unknownRepo = f.post("/hooks/github",
                    SignedDelivery.gitHub("push", "guessed", gitHubPush("octo/not-registered", sha)));
            HttpResponse<String> unknownButSigned = f.post("/hooks/github",
                    SignedDelivery.gitHub("push", SECRET, gitHubPush("octo/not-registered", sha)));
            for (HttpResponse<String> answer : List.of(unknownRepo, unknownButSigned)) {
                assertEquals(wrongSignature.statusCode(), answer.statusCode());
                assertEquals(wrongSignature.body(), answer.body());
            }
            assertEquals(401, wrongSignature.statusCode());

            HttpResponse<String> wrongToken = f.post("/hooks/gitlab",
                    SignedDelivery.gitLab("Push Hook", "guessed", gitLabPush("group/project", sha)));
            HttpResponse<String> unknownProject = f.post("/hooks/gitlab",
                    SignedDelivery.gitLab("Push Hook", SECRET, gitLabPush("group/not-registered", sha)));
            assertEquals(401, wrongToken.statusCode());
            assertEquals(wrongToken.body(), unknownProject.body());

            f.register("gitea/webhooks", Forge.GITEA);
            HttpResponse<String> wrongGiteaSignature = f.post("/hooks/gitea",
                    SignedDelivery.gitea("push", "guessed", giteaPush("gitea/webhooks", "refs/heads/main", sha)));
            HttpResponse<String> unknownGiteaRepo = f.post("/hooks/gitea",
                    SignedDelivery.gitea("push", SECRET, giteaPush("gitea/not-registered", "refs/heads/main", sha)));
            HttpResponse<String> gitHubFormOfTheSignature = f.post("/hooks/gitea", new SignedDelivery(Map.of(
                    "X-Gitea-Event", "push", "X-Gitea-Signature", WebhookSignatures.gitHubSignature(SECRET,
                            giteaPush("gitea/webhooks", "refs/heads/main", sha))),
                    giteaPush("gitea/webhooks", "refs/heads/main", sha)));
            for (HttpResponse<String> answer : List.of(wrongGiteaSignature, unknownGiteaRepo, gitHubFormOfTheSignature)) {
                assertEquals(401, answer.statusCode());
                assertEquals(wrongSignature.body(), answer.body());
            }

            assertEquals(List.of(), f.db.deliveries().recent(null, 10), "nothing was stored");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aSignedGiteaBodyNamingTwoRepositoriesIsRefused(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register("gitea/webhooks", Forge.GITEA);
            // The streaming pass picks the secret by the first name; a tree would build the second one.
            String body = "{\"repository\":{\"full_name\":\"gitea/webhooks\"},\"ref\":\"refs/heads/main\","
                    + "\"after\":\"" + "a".repeat(40) + "\",\"repository\":{\"full_name\":\"victim/repo\"}}";
            HttpResponse<String> answer = f.post("/hooks/gitea",
                    SignedDelivery.gitea("push", SECRET, body.getBytes(StandardCharsets.UTF_8)));
            assertEquals(400, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("not valid JSON"), answer.body());
            assertEquals(List.of(), f.db.deliveries().recent(null, 10), "nothing was stored");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void unknownHookPathsAre404NotServerErrors(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            for (String path : List.of("/hooks/gogs", "/hooks/", "/hooks/github/extra", "/hooks/gitea/extra")) {
                HttpResponse<String> answer = f.post(path, SignedDelivery.gitHub("push", SECRET, "{}".getBytes()));
                assertEquals(404, answer.statusCode(), path + ": " + answer.body());
            }
            HttpResponse<String> unsupported = f.post("/hooks/github",
                    SignedDelivery.gitHub("issues", "anything", "not even json".getBytes()));
            assertEquals(202, unsupported.statusCode(), "events Lurch does not handle are not read");
        }
    }

    /**
     * POSTs a 20 MiB unsigned body to /hooks/github over a plain socket, declared ({@code Content-Length}) or
     * chunked, writing from one small buffer so that the client itself allocates next to nothing; returns the
     * server's status line. Writing stops when the server has answered and closed.
     */
    private static String rawPost(GitServerFixture f, boolean chunkedBody) {
        try (Socket socket = new Socket("127.0.0.1", f.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hooks/github HTTP/1.1\r\nHost: localhost\r\nX-GitHub-Event: push\r\n"
                    + "Content-Type: application/json\r\n"
                    + (chunkedBody ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + TWENTY_MIB + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> writeBody(out, chunkedBody));
            String status = statusLine(socket.getInputStream());
            writer.interrupt();
            return status;
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    private static void writeBody(OutputStream out, boolean chunked) {
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) ' ');
        try {
            for (long sent = 0; sent < TWENTY_MIB && !Thread.currentThread().isInterrupted(); sent += block.length) {
                if (chunked) {
                    out.write((Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(block);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException closedByTheServer) {
            // what a refused body comes to
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }

    /** Bytes allocated on the heap by all threads of this JVM so far (server and test share it). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }
}
