package lurch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.interpreter.Programs;
import org.junit.jupiter.api.Test;

/**
 * A whole server whose Docker engine is gone (its socket answers nobody): a docker run fails soon with a
 * line naming the engine and the cause, while the server stays healthy and chroot runs go on. The engine
 * dying under a running exec, and coming back, is DockerEngineLossTest's (isolation module).
 */
class DockerEngineGoneTest {

    private static final String GONE = "unix:///nonexistent/lurch-docker-gone.sock";

    @Test
    void aDockerRunFailsWithTheCauseAndTheServerStaysHealthy() throws Exception {
        Path home = Files.createTempDirectory("lurch-docker-gone-");
        try (LurchServer server = ServerFaultsTest.start(home, Map.of("DOCKER_HOST", GONE))) {
            program(server, "boxed", "(isolate (docker \"lurch-test/busybox:latest\") (exec \"echo\" (\"hi\")))");
            program(server, "plain", "(isolate (chroot \"busybox\") (exec \"echo\" (\"hi\")))");

            long started = System.nanoTime();
            Run boxed = finish(server, "boxed");
            assertEquals(RunStatus.FAILURE, boxed.status());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "the docker run failed soon");
            List<String> lines = server.database().logs().read(boxed.id(), 0, 100).stream().map(LogLine::text).toList();
            assertTrue(lines.stream().anyMatch(line -> line.contains("the Docker engine at " + GONE + " stopped answering: ")),
                    lines.toString());

            assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(RunStatus.SUCCESS, finish(server, "plain").status());
        } finally {
            ServerFaultsTest.run("rm", "-rf", home.toString());
        }
    }

    private static void program(LurchServer server, String name, String source) {
        server.database().programs().saveVersion(name, Programs.print(Programs.parse(source).program()), "test");
    }

    private static Run finish(LurchServer server, String program) throws Exception {
        Run run = server.engine().start(server.engine().latest(program), Map.of(), Map.of(), "user:test", null);
        return server.engine().whenFinished(run.id()).get(2, TimeUnit.MINUTES);
    }
}
