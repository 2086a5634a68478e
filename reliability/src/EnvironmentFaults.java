import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Faults around the server rather than in it: a graceful SIGTERM, a PostgreSQL restart, the Docker engine
 * going away, a full disk. The server must stay up (or stop cleanly), say what happened, and carry on once the
 * fault is gone.
 */
final class EnvironmentFaults {

    private static final long MIN_FREE_BYTES = 16L << 20;

    private final Reliability.Options options;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    EnvironmentFaults(Reliability.Options options) {
        this.options = options;
    }

    /** SIGTERM during a run: the server stops within 30 s, and after a start the run has ended with a line. */
    Outcome sigterm() throws Exception {
        try (Lab lab = Lab.of(options, "sigterm", Map.of()).start()) {
            lab.api().putProgram("sigterm", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"sleep 77; :\" \""
                    + lab.marker() + "\")))");
            long run = lab.api().start("sigterm");
            lab.awaitStatus(run, "running", 60);
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            lab.server().close(); // SIGTERM; killed after 30 s
            double stop = (System.nanoTime() - t0) / 1e9;
            List<String> broken = new ArrayList<>();
            if (stop >= 30) {
                broken.add("did not stop within 30 s of SIGTERM");
            }
            if (!lab.processesRunning().isEmpty()) {
                broken.add("the run's process outlived the server");
            }
            lab.start();
            String status = lab.api().awaitEnd(run);
            if (lab.lines(run).isEmpty()) {
                broken.add("the run ended without a line saying why");
            }
            return Outcome.checked("sigterm", "graceful SIGTERM during a run",
                    "stopped in %.1f s; run %s after the next start".formatted(stop, status), broken);
        }
    }

    /** The database restarts during a run (the configured command): the server stays up and carries on. */
    Outcome pgRestart() throws Exception {
        if (options.dbUrl() == null) {
            return Outcome.skipped("pg-restart", "PostgreSQL restarts", "H2 has no server to restart (use --pg)");
        }
        try (Lab lab = Lab.of(options, "pg-restart", Map.of()).start()) {
            lab.api().putProgram("pg-restart", "(sequence (pause 3) (isolate (chroot \"busybox\") (exec \"/bin/echo\" (\"after\"))))");
            long run = lab.api().start("pg-restart");
            long t0 = System.nanoTime();
            Process restart = new ProcessBuilder("sh", "-c", options.pgRestart()).inheritIO().start();
            List<String> broken = new ArrayList<>();
            if (restart.waitFor() != 0) {
                broken.add("'" + options.pgRestart() + "' exited with " + restart.exitValue());
            }
            double healthy = awaitHealth(lab, 200, 120) ? (System.nanoTime() - t0) / 1e9 : -1;
            if (healthy < 0) {
                broken.add("/health not 200 within 120 s of the restart");
            }
            String status = lab.api().awaitEnd(run);
            if (!status.equals("success")) {
                broken.add("the run across the restart ended " + status);
            }
            long next = lab.api().start("pg-restart");
            String nextStatus = lab.api().awaitEnd(next);
            if (!nextStatus.equals("success")) {
                broken.add("a run after the restart ended " + nextStatus);
            }
            if (!lab.server().alive()) {
                broken.add("the server died");
            }
            return Outcome.checked("pg-restart", "PostgreSQL restarts during a run",
                    "healthy again after %.1f s; run %s, next run %s".formatted(healthy, status, nextStatus), broken);
        }
    }

    /**
     * The Docker engine goes away during a container run (a proxy socket in front of the engine is killed): the
     * run ends with a line saying so, the server stays up, and once the engine is back a new container run works.
     */
    Outcome dockerLoss() throws Exception {
        if (!Files.exists(Path.of("/var/run/docker.sock"))) {
            return Outcome.skipped("docker-loss", "the Docker engine goes away", "no Docker engine here");
        }
        Path socket = Files.createDirectories(options.work().resolve("docker-proxy")).resolve("docker.sock");
        Process proxy = proxy(socket);
        try (Lab lab = Lab.of(options, "docker-loss", Map.of("DOCKER_HOST", "unix://" + socket)).start()) {
            lab.api().putProgram("docker-loss", "(isolate (docker \"" + options.dockerImage()
                    + "\") (exec \"/bin/sleep\" (\"30\")))");
            long run = lab.api().start("docker-loss");
            lab.awaitStatus(run, "running", 120);
            Thread.sleep(3000);
            proxy.destroyForcibly().waitFor();
            Files.deleteIfExists(socket);
            long t0 = System.nanoTime();
            List<String> broken = new ArrayList<>();
            String status = lab.api().awaitEnd(run);
            double ended = (System.nanoTime() - t0) / 1e9;
            if (!lab.server().alive()) {
                broken.add("the server died");
            }
            proxy = proxy(socket);
            lab.api().putProgram("docker-loss-after", "(isolate (docker \"" + options.dockerImage()
                    + "\") (exec \"/bin/true\"))");
            String nextStatus = lab.api().awaitEnd(lab.api().start("docker-loss-after"));
            if (!nextStatus.equals("success")) {
                broken.add("a container run after the engine came back ended " + nextStatus);
            }
            return Outcome.checked("docker-loss", "the Docker engine goes away during a container run",
                    "run %s %.1f s after the loss; next run %s".formatted(status, ended, nextStatus), broken);
        } finally {
            proxy.destroyForcibly().waitFor();
        }
    }

    private static Process proxy(Path socket) throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        Process proxy = new ProcessBuilder("socat", "UNIX-LISTEN:" + socket + ",fork", "UNIX-CONNECT:/var/run/docker.sock")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // reliability/run kills it by this pid should the harness itself die
        Files.writeString(socket.resolveSibling("proxy.pid"), Long.toString(proxy.pid()));
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(50);
        }
        return proxy;
    }

    /**
     * LURCH_HOME on a 64 MiB tmpfs filled up to 8 MiB during a run that writes: the server stays up, /health says 503
     * while the free space is under LURCH_MIN_FREE_BYTES, the run's stored lines stay exact, and once space is freed
     * a new run works.
     */
    Outcome fullDisk() throws Exception {
        Path work = Files.createDirectories(options.work().resolve("full-disk"));
        Path home = Files.createDirectories(work.resolve("home"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", home.toString()).inheritIO().start();
        if (mount.waitFor() != 0) {
            return Outcome.skipped("full-disk", "a full disk", "cannot mount a tmpfs (needs root)");
        }
        try (Lab lab = Lab.of(options, "full-disk", Map.of("LURCH_MIN_FREE_BYTES", Long.toString(MIN_FREE_BYTES))).start()) {
            lab.api().putProgram("full-disk", "(isolate (chroot \"busybox\") (exec \"/bin/seq\" (\"1\" \"3000000\")))");
            long run = lab.api().start("full-disk");
            lab.awaitStatus(run, "running", 60);
            Path filler = home.resolve("filler");
            fill(filler, home, 8L << 20);
            List<String> broken = new ArrayList<>();
            boolean unhealthy = awaitHealth(lab, 503, 60);
            if (!unhealthy) {
                broken.add("/health did not answer 503 with the disk full");
            }
            String status = lab.api().awaitEnd(run);
            Exactness exact = Exactness.of(lab.lines(run));
            broken.addAll(exact.problems());
            Files.delete(filler);
            if (!awaitHealth(lab, 200, 60)) {
                broken.add("/health not 200 again after space was freed");
            }
            lab.api().putProgram("full-disk-after", "(isolate (chroot \"busybox\") (exec \"/bin/true\"))");
            String next = lab.api().awaitEnd(lab.api().start("full-disk-after"));
            if (!next.equals("success")) {
                broken.add("a run after space was freed ended " + next);
            }
            if (!lab.server().alive()) {
                broken.add("the server died");
            }
            return Outcome.checked("full-disk", "the disk of LURCH_HOME fills up during a run",
                    "503 while full: %s; run %s with %d lines, 1..N %s; next run %s".formatted(unhealthy, status,
                            exact.stored(), exact.problems().isEmpty() ? "exact" : "broken", next), broken);
        } finally {
            new ProcessBuilder("umount", "-l", home.toString()).inheritIO().start().waitFor();
        }
    }

    /** Writes {@code filler} until only {@code leave} bytes are free on {@code dir}'s file system. */
    private static void fill(Path filler, Path dir, long leave) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(filler)) {
            for (long left = free - leave; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        } catch (IOException full) {
            // full already: the run's own output got there first
        }
    }

    /** Polls {@code /health} (no token) until it answers {@code status}; false after {@code seconds}. */
    private boolean awaitHealth(Lab lab, int status, int seconds) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(lab.server().url() + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return true;
                }
            } catch (IOException notAnswering) {
                // counts as not yet
            }
            Thread.sleep(250);
        }
        return false;
    }
}
