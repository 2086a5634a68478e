package lurch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.interpreter.Programs;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away while a run streams output and comes back (a cluster of the test's own, never the
 * shared one): /health reports the outage while it lasts, the run finishes as it would have, and every line
 * it printed meanwhile is stored once, in order.
 */
class PostgresRestartTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRunStreamingOutputThroughAPostgresqlOutageFinishesWithEveryLineOnce() throws Exception {
        assumeFalse("off".equalsIgnoreCase(System.getenv("LURCH_TEST_PG")), "PostgreSQL tests are off");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pg_createcluster")), "needs Debian's postgresql-common");
        String cluster = "lurch_faults_" + ProcessHandle.current().pid();
        int pgPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            pgPort = socket.getLocalPort();
        }
        assumeTrue(pg("pg_createcluster", "15", cluster, "-p", String.valueOf(pgPort), "--", "--auth=trust") == 0,
                "cannot create a PostgreSQL cluster");
        Path home = Files.createTempDirectory("lurch-pg-restart-");
        try {
            assertEquals(0, pg("pg_ctlcluster", "15", cluster, "start"));
            try (LurchServer server = ServerFaultsTest.start(home, Map.of(
                    "LURCH_DB_URL", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "LURCH_DB_USER", "postgres"))) {
                server.database().programs().saveVersion("stream", Programs.print(Programs.parse(
                        "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"i=1; while [ $i -le 40 ];"
                                + " do echo line-$i; sleep 0.25; i=$((i+1)); done\")))").program()), "test");
                Run run = server.engine().start(server.engine().latest("stream"), Map.of(), Map.of(), "user:test", null);
                long started = System.nanoTime();
                while (server.database().logs().lastSeq(run.id()) < 5) {
                    Thread.sleep(100);
                }
                assertEquals(0, pg("pg_ctlcluster", "15", cluster, "stop", "-m", "fast"));
                assertEquals(503, awaitHealth(server, 503), "the outage shows while it lasts");
                // Down until the program has printed its last line and exited, so its end meets the outage too.
                Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(13) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
                assertEquals(0, pg("pg_ctlcluster", "15", cluster, "start"));

                Run ended = server.engine().whenFinished(run.id()).get(3, TimeUnit.MINUTES);
                assertEquals(RunStatus.SUCCESS, ended.status());
                assertEquals(200, awaitHealth(server, 200));
                List<String> output = server.database().logs().read(run.id(), 0, 1000).stream()
                        .filter(l -> l.stream() == LogLine.Stream.STDOUT).map(LogLine::text).toList();
                assertEquals(IntStream.rangeClosed(1, 40).mapToObj(i -> "line-" + i).toList(), output);
            }
        } finally {
            pg("pg_dropcluster", "--stop", "15", cluster);
            ServerFaultsTest.run("rm", "-rf", home.toString());
        }
    }

    private int awaitHealth(LurchServer server, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            int got = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (got == status || System.nanoTime() > deadline) {
                return got;
            }
            Thread.sleep(200);
        }
    }

    private static int pg(String... command) throws Exception {
        return ServerFaultsTest.run(command);
    }
}
