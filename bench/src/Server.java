import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Lurch server started the way a user starts it ({@code ./lurch serve}), configured only
 * through the environment. The launcher execs the JVM, so the child's pid is the server's.
 */
final class Server implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(180); // H2 recovering a big file on a busy machine

    private final Process process;
    private final int port;
    private final Path home;
    private final double startMillis;

    private Server(Process process, int port, Path home, double startMillis) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.startMillis = startMillis;
    }

    /** Starts a server on a free port and returns once {@code /health} answers 200. */
    static Server start(Setup setup) throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(setup.root().resolve("lurch").toString(), "serve")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(setup.work().resolve("server.log").toFile()));
        builder.environment().putAll(environment(setup, port));
        long t0 = System.nanoTime();
        Process process = builder.start();
        // bench/run kills it by this pid should the bench itself die
        Files.writeString(setup.work().resolve("server.pid"), Long.toString(process.pid()));
        try {
            awaitHealthy(process, port, t0);
        } catch (IOException | RuntimeException e) {
            stop(process);
            throw e;
        }
        return new Server(process, port, setup.home(), (System.nanoTime() - t0) / 1e6);
    }

    /** What the server process and its CLI clients are told: home, port, database, process limit. */
    static Map<String, String> environment(Setup setup, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("LURCH_HOME", setup.home().toString());
        env.put("LURCH_BIND", "127.0.0.1");
        env.put("LURCH_PORT", Integer.toString(port));
        // W5 starts 20 processes at once; the default of 2 x cores would queue them
        env.put("LURCH_MAX_PROCS", "64");
        // W7's page is loaded as an anonymous browser: it measures rendering, not the login
        env.put("LURCH_PUBLIC_VIEW", "true");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(setup.environment());
        if (setup.dbUrl() != null) {
            env.put("LURCH_DB_URL", setup.dbUrl());
            env.put("LURCH_DB_USER", setup.dbUser());
        }
        return env;
    }

    private static void awaitHealthy(Process process, int port, long t0) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() - t0 < START_LIMIT.toNanos()) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + " during start; see server.log");
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // connection refused until the port is bound
            }
            Thread.sleep(2);
        }
        throw new IOException("no healthy server after " + START_LIMIT.toSeconds() + " s; see server.log");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Milliseconds from launching {@code ./lurch serve} to the first 200 from {@code /health}. */
    double startMillis() {
        return startMillis;
    }

    String token() throws IOException {
        return Files.readString(home.resolve("cli-token")).strip();
    }

    /** Resident memory in MiB: {@code VmRSS} now, or {@code VmHWM}, the peak so far. */
    double rssMib(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no " + field + " in /proc/" + process.pid() + "/status");
    }

    /**
     * CPU seconds of the server so far: its own (user and system) and that of the processes it launched and
     * reaped, from {@code /proc/PID/stat} in clock ticks (USER_HZ, 100 on Linux).
     */
    double cpuSeconds() throws IOException {
        return ticks(14, 17) / 100.0; // utime, stime, cutime, cstime
    }

    /** CPU seconds of the server's JVM alone so far: without the processes it launched. */
    double jvmCpuSeconds() throws IOException {
        return ticks(14, 15) / 100.0; // utime, stime
    }

    private long ticks(int firstField, int lastField) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int field = firstField; field <= lastField; field++) {
            ticks += Long.parseLong(fields[field - 3]); // fields[0] is the third field, the state
        }
        return ticks;
    }

    /** SIGKILL, as a crash would end it: nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, as a service manager stops it; a server that hangs on shutdown is killed after 30 s. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            System.err.println("bench: the server did not stop within 30 s of SIGTERM; killing it");
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
