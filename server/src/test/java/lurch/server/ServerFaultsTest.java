package lurch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lurch.db.Database;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.interpreter.Programs;
import org.junit.jupiter.api.Test;

/**
 * A whole server (H2 under its LURCH_HOME) meeting faults an unlucky operator meets: its H2 store closed
 * under it, its disk filling up. What must hold: /health says so with the reason, changes are refused rather
 * than answered 2xx and lost, the run that cannot store its output fails with a line, and what was stored
 * before reads back.
 */
class ServerFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anH2StoreClosedUnderTheServerTurnsHealthTo503AndRefusesWebhooksAndStarts() throws Exception {
        Path home = Files.createTempDirectory("lurch-faults-h2-");
        try (LurchServer server = start(home, Map.of())) {
            shutDownUnderIt(server, home);
        } finally {
            run("rm", "-rf", home.toString());
        }
    }

    private void shutDownUnderIt(LurchServer server, Path home) throws Exception {
        program(server, "hello", "(no-op 0)");
        try (Connection c = DriverManager.getConnection(Database.h2Url(home.resolve("db")), "", "")) {
            c.createStatement().execute("SHUTDOWN IMMEDIATELY"); // as a panicked MVStore does
        }
        JsonNode health = awaitHealth(server, 503);
        assertTrue(health.get("reason").asText().startsWith("the H2 database"), health.toString());
        assertTrue(health.get("reason").asText().endsWith("; restart Lurch once its cause is fixed"), health.toString());

        HttpResponse<String> start = send(server, home, "POST", "/api/programs/hello/runs", "{}");
        assertEquals(503, start.statusCode(), start.body());
        assertTrue(JSON.readTree(start.body()).get("error").asText()
                .startsWith("Lurch takes no changes now: the H2 database"), start.body());
        HttpResponse<String> hook = send(server, home, "POST", "/hooks/github", "{}");
        assertEquals(503, hook.statusCode(), "a forge may deliver again later; a 2xx would be a lie");
    }

    @Test
    void aFullDiskFailsTheFloodingRunWithALineAndKeepsWhatWasStoredBefore() throws Exception {
        Path mount = Files.createTempDirectory("lurch-faults-tmpfs-");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=96m", "tmpfs", mount.toString()) == 0,
                "needs root to mount a small tmpfs");
        Path copy = Files.createTempDirectory("lurch-faults-copy-");
        try {
            Path home = mount.resolve("home");
            long before;
            long flood;
            try (LurchServer server = start(home, Map.of("LURCH_MIN_FREE_BYTES", "48M"))) {
                program(server, "before", "(isolate (chroot \"busybox\") (exec \"/bin/echo\" (\"kept line\")))");
                program(server, "flood", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\""
                        + " \"echo first; head -c 80000000 /dev/urandom | base64\")))");
                before = finish(server, "before").id();
                Run flooded = finish(server, "flood");
                flood = flooded.id();
                assertEquals(RunStatus.FAILURE, flooded.status());
                assertTrue(lurchLine(server, flood).startsWith("Lurch could not store this run's output (only "),
                        lurchLine(server, flood));
                JsonNode health = awaitHealth(server, 503);
                assertTrue(health.get("reason").asText().contains("less than LURCH_MIN_FREE_BYTES (48 MiB)"),
                        health.toString());
                assertEquals("up", health.get("database").asText(), "the database still answers");
            }
            assertEquals(0, run("cp", "-a", home.toString(), copy.toString()));
            try (LurchServer server = start(copy.resolve("home"), Map.of())) {
                awaitHealth(server, 200);
                assertEquals(List.of("kept line"), texts(server, before, LogLine.Stream.STDOUT));
                assertEquals(RunStatus.SUCCESS, server.database().runs().get(before).orElseThrow().status());
                assertEquals(RunStatus.FAILURE, server.database().runs().get(flood).orElseThrow().status());
                assertTrue(lurchLine(server, flood).startsWith("Lurch could not store this run's output"));
                assertEquals(RunStatus.SUCCESS, finish(server, "before").status(), "the copy serves");
            }
        } finally {
            run("umount", "-l", mount.toString());
            run("rm", "-rf", mount.toString(), copy.toString());
        }
    }

    static LurchServer start(Path home, Map<String, String> settings) {
        Map<String, String> config = new HashMap<>(settings);
        config.put("LURCH_HOME", home.toString());
        config.put("LURCH_PORT", "0");
        return LurchServer.start(Config.of(config, Map.of()));
    }

    private static void program(LurchServer server, String name, String source) {
        server.database().programs().saveVersion(name, Programs.print(Programs.parse(source).program()), "test");
    }

    private static Run finish(LurchServer server, String program) throws Exception {
        Run run = server.engine().start(server.engine().latest(program), Map.of(), Map.of(), "user:test", null);
        return server.engine().whenFinished(run.id()).get(5, TimeUnit.MINUTES);
    }

    /** The last lines of a top run of {@code stream}. */
    private static List<String> texts(LurchServer server, long runId, LogLine.Stream stream) {
        long last = server.database().logs().lastSeq(runId);
        return server.database().logs().read(runId, Math.max(0, last - 20), 100).stream().filter(l -> l.stream() == stream)
                .map(LogLine::text).toList();
    }

    private static String lurchLine(LurchServer server, long runId) {
        return texts(server, runId, LogLine.Stream.LURCH).stream().filter(t -> t.startsWith("Lurch could not store"))
                .findFirst().orElse("no such line in " + texts(server, runId, LogLine.Stream.LURCH));
    }

    private JsonNode awaitHealth(LurchServer server, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == status || System.nanoTime() > deadline) {
                assertEquals(status, res.statusCode(), res.body());
                return JSON.readTree(res.body());
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> send(LurchServer server, Path home, String method, String path, String body)
            throws Exception {
        String token = Files.readString(home.resolve("cli-token")).trim();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
