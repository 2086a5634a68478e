package lurch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code lurch serve} as a real process, stopped with SIGTERM as an init system does: it stops within 30 s,
 * saying so, and the next start on the same LURCH_HOME finishes the runs the first one left.
 */
class ServeSigtermTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void sigtermStopsTheServerWithinThirtySecondsAndTheNextStartFinishesItsRuns() throws Exception {
        Path home = Files.createTempDirectory("lurch-sigterm-");
        int port = freePort();
        Process first = serve(home, port, "first");
        long runId;
        try {
            send(home, port, "PUT", "/api/programs/slow", "(sequence (pause 3) (no-op 0))");
            runId = JSON.readTree(send(home, port, "POST", "/api/programs/slow/runs", "{}").body()).get("run").asLong();
            first.destroy(); // SIGTERM
            // Generous for a loaded machine; before, a database that did not answer kept it for ever.
            assertTrue(first.waitFor(45, TimeUnit.SECONDS), "still running after SIGTERM");
            String output = Files.readString(home.resolve("first.out"));
            assertTrue(output.contains("lurch: stopping: no new webhooks or starts"), output);
            assertTrue(output.contains("lurch: stopped"), output);
            assertEquals(0, first.exitValue(), output);
        } finally {
            first.destroyForcibly();
        }
        Process second = serve(home, port, "second");
        try {
            JsonNode run = awaitEnd(home, port, runId);
            assertEquals("success", run.get("status").asText(), run.toString());
        } finally {
            second.destroy();
            second.waitFor(45, TimeUnit.SECONDS);
            second.destroyForcibly();
            ServerFaultsTest.run("rm", "-rf", home.toString());
        }
    }

    @Test
    void noProcessOfARunOutlivesAStoppedServerAndTheNextStartEndsItsExecWithALine() throws Exception {
        Path home = Files.createTempDirectory("lurch-sigterm-");
        int port = freePort();
        String sleep = "sleep " + (100_000 + new java.util.Random().nextInt(800_000)); // this test's own
        Process first = serve(home, port, "first");
        long runId;
        try {
            send(home, port, "PUT", "/api/programs/busy", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \""
                    + sleep + "; echo done\")))");
            runId = JSON.readTree(send(home, port, "POST", "/api/programs/busy/runs", "{}").body()).get("run").asLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (processesRunning(sleep) == 0) {
                assertTrue(System.nanoTime() < deadline, "the exec never started");
                Thread.sleep(100);
            }
            first.destroy(); // SIGTERM
            assertTrue(first.waitFor(45, TimeUnit.SECONDS), "still running after SIGTERM");
            assertEquals(0, processesRunning(sleep), "a process of the run outlived its server");
        } finally {
            first.destroyForcibly();
        }
        Process second = serve(home, port, "second");
        try {
            JsonNode run = awaitEnd(home, port, runId);
            assertEquals("failure", run.get("status").asText(), run.toString());
            String logs = send(home, port, "GET", "/api/runs/" + runId + "/log.txt", null).body();
            assertTrue(logs.contains("the process is gone"), logs);
        } finally {
            second.destroy();
            second.waitFor(45, TimeUnit.SECONDS);
            second.destroyForcibly();
            ServerFaultsTest.run("rm", "-rf", home.toString());
        }
    }

    /** Host processes whose command line ends with {@code command}, zombies aside. */
    private static long processesRunning(String command) throws IOException {
        try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(dir -> dir.getFileName().toString().matches("[0-9]+")).filter(dir -> {
                try {
                    String cmdline = Files.readString(dir.resolve("cmdline")).replace('\0', ' ').strip();
                    String stat = Files.readString(dir.resolve("stat"));
                    return cmdline.endsWith(command) && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private Process serve(Path home, int port, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve")
                .redirectErrorStream(true).redirectOutput(home.resolve(name + ".out").toFile());
        builder.environment().put("LURCH_HOME", home.toString());
        builder.environment().put("LURCH_PORT", String.valueOf(port));
        builder.environment().remove("LURCH_DB_URL");
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(home.resolve(name + ".out")).contains("Lurch listening")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("did not start: " + Files.readString(home.resolve(name + ".out")));
            }
            Thread.sleep(200);
        }
        return process;
    }

    private JsonNode awaitEnd(Path home, int port, long runId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode run = JSON.readTree(send(home, port, "GET", "/api/runs/" + runId, null).body());
            String status = run.get("status").asText();
            if (!status.equals("running") && !status.equals("waiting") || System.nanoTime() > deadline) {
                return run;
            }
            Thread.sleep(300);
        }
    }

    private HttpResponse<String> send(Path home, int port, String method, String path, String body) throws Exception {
        String token = Files.readString(home.resolve("cli-token")).trim();
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(res.statusCode() < 300, method + " " + path + ": " + res.statusCode() + " " + res.body());
        return res;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
