package lurch.server.crash;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import lurch.db.Database;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;

/**
 * A real {@code lurch serve} in a process of its own (the test's class path, a LURCH_HOME of its own, H2 in that
 * home as a user gets it, or a fresh PostgreSQL database), so that a test can kill it with SIGKILL and start it again.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    final Path home;
    private final FreshDatabase fresh;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Process process;
    private int port;

    private final Map<String, String> settings;

    private ServerProcess(Path home, FreshDatabase fresh, Map<String, String> settings) {
        this.home = home;
        this.fresh = fresh;
        this.settings = settings;
    }

    static ServerProcess start(TestDatabase kind) throws Exception {
        return start(kind, Map.of());
    }

    /** A server with {@code settings} (configuration variables) besides its home, port and database. */
    static ServerProcess start(TestDatabase kind, Map<String, String> settings) throws Exception {
        Path home = Files.createTempDirectory("lurch-crash-test-");
        ServerProcess server = new ServerProcess(home, kind == TestDatabase.H2 ? null : kind.create(), settings);
        server.launch();
        return server;
    }

    /** The PostgreSQL database of the server (null on H2). */
    FreshDatabase database() {
        return fresh;
    }

    private void launch() throws Exception {
        port = freePort();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "lurch.server.Main", "serve")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("server.log").toFile()));
        var env = builder.environment();
        env.putAll(settings);
        env.put("LURCH_HOME", home.toString());
        env.put("LURCH_BIND", "127.0.0.1");
        env.put("LURCH_PORT", Integer.toString(port));
        if (fresh != null) {
            env.put("LURCH_DB_URL", fresh.url());
            env.put("LURCH_DB_USER", fresh.user());
            env.put("LURCH_DB_PASSWORD", fresh.password());
        }
        process = builder.start();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the server exited with " + process.exitValue() + ": " + Files.readString(home.resolve("server.log")));
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        fail("no healthy server after " + START_LIMIT.toSeconds() + " s: " + Files.readString(home.resolve("server.log")));
    }

    /** SIGKILL, then a new server on the same home and database. */
    void crashAndRestart() throws Exception {
        process.destroyForcibly().waitFor();
        launch();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        String token = Files.readString(home.resolve("cli-token")).strip();
        return http.send(request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))).body();
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    void put(String path, String text) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(text)));
    }

    /** The text of every stored line of the run and below it, in order. */
    List<String> lines(long run) throws IOException, InterruptedException {
        return get("/api/runs/" + run + "/logs?format=tsv").lines().filter(l -> !l.startsWith("# "))
                .map(l -> l.split("\t", 3)).map(f -> f.length == 3 ? f[2] : "").toList();
    }

    /** Stops the server (SIGTERM) and opens its database, e.g. to count runs by creator. */
    Database stopAndOpen() throws InterruptedException {
        stop();
        return fresh == null ? Database.open(Database.h2Url(home.resolve("db")), "", "") : fresh.open();
    }

    /** The log's warnings and errors of every server process of this home so far, to explain a failure. */
    List<String> warnings() throws IOException {
        return Files.readAllLines(home.resolve("server.log")).stream()
                .filter(line -> line.startsWith("WARNING") || line.startsWith("SEVERE") || line.startsWith("lurch:"))
                .limit(40).toList();
    }

    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        if (fresh != null) {
            fresh.close();
        }
        // chroot mounts a killed server left behind are removed by the next server's start; never delete through them
        boolean mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.contains(" " + home));
        if (!mounted) {
            new ProcessBuilder("rm", "-rf", "--one-file-system", home.toString()).start().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
