package lurch.server.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.TestRepo;
import lurch.server.worker.WorkerProcess;
import org.junit.jupiter.api.Test;

/**
 * A real {@code lurch serve} with {@code LURCH_LOCAL_ISOLATES=off} and two real {@code lurch worker} processes on
 * one PostgreSQL database: runs go to the workers, and a kill -9 of the server does not stop them.
 */
class WorkersServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORKER = Pattern.compile("\"worker\":\"([^\"]+)\"");

    @Test
    void runsSpreadOverWorkersAndOutliveAKill9OfTheServer() throws Exception {
        try (ServerProcess server = ServerProcess.start(TestDatabase.POSTGRESQL, Map.of("LURCH_LOCAL_ISOLATES", "off",
                "LURCH_WORKER_LEASE", Integer.toString(WorkerProcess.LEASE_SECONDS)))) {
            server.put("/api/programs/spread", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\""
                    + " \"echo hello from a worker; echo kept > $LURCH_ARTIFACTS/report.txt; sleep 2\")))");
            List<Long> runs = new ArrayList<>();
            runs.add(runId(server.post("/api/programs/spread/runs", "{}").body()));
            ServerProcess.await("the builder waiting for a worker", 30,
                    () -> get(server, "/api/runs/" + runs.getFirst()).contains("\"waiting_for\":\"worker\""));
            try (WorkerProcess w1 = WorkerProcess.start("w1", server.database());
                 WorkerProcess w2 = WorkerProcess.start("w2", server.database())) {
                workOn(server, w1, w2, runs);
            }
        }
    }

    /** With the workers up: the runs spread, then the kill of the server, then a git build. */
    private static void workOn(ServerProcess server, WorkerProcess w1, WorkerProcess w2, List<Long> runs)
            throws Exception {
        for (int i = 0; i < 3; i++) { // two workers of two processes each: both must take some
            runs.add(runId(server.post("/api/programs/spread/runs", "{}").body()));
        }
        Set<String> workers = new HashSet<>();
        for (long run : runs) {
            assertEquals("success", awaitEnd(server, run).get("status").asText(), server.lines(run).toString());
            assertTrue(server.lines(run).contains("hello from a worker"), server.lines(run).toString());
            Matcher worker = WORKER.matcher(server.get("/api/runs/" + run));
            assertTrue(worker.find(), "the isolate records its worker");
            assertTrue(server.get("/api/runs/" + run + "/artifacts").contains("report.txt"),
                    "what the worker left in /artifacts is kept by the server: " + server.lines(run));
            workers.add(worker.group(1));
        }
        assertEquals(Set.of("w1", "w2"), workers);
        assertTrue(!java.nio.file.Files.exists(server.home.resolve("chroots"))
                || java.nio.file.Files.list(server.home.resolve("chroots")).findAny().isEmpty(),
                "the server built no isolate itself");

        server.put("/api/programs/outlive", "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\""
                + " \"echo before; sleep 4; echo after the kill of the server\")))");
        long run = runId(server.post("/api/programs/outlive/runs", "{}").body());
        try {
            ServerProcess.await("the exec running on a worker", 60, () -> lines(server, run).contains("before"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + w1.log() + w2.log()
                    + java.nio.file.Files.readString(server.home.resolve("server.log")) + server.get("/api/runs/" + run), e);
        }
        server.crashAndRestart();
        JsonNode ended = awaitEnd(server, run);
        assertEquals("success", ended.get("status").asText(), server.lines(run).toString());
        assertTrue(server.lines(run).contains("after the kill of the server"), server.lines(run).toString());

        // a git build: its worker fetches the repository and checks the commit out itself
        try (TestRepo repo = TestRepo.create(server.home.resolve("remote"))) {
            String sha = repo.write("hello.txt", "checked out on a worker\n")
                    .write(".lurch", "(isolate (chroot \"busybox\") (exec \"/bin/cat\" (\"/workspace/hello.txt\")))\n")
                    .commit("a program");
            assertEquals(201, server.post("/api/repos", JSON.writeValueAsString(Map.of(
                    "name", "git/app", "url", repo.url(), "secret", "s3cret"))).statusCode());
            long build = runId(server.post("/api/repos/git%2Fapp/builds", "{\"sha\":\"" + sha + "\"}").body());
            assertEquals("success", awaitEnd(server, build).get("status").asText(), server.lines(build).toString());
            assertTrue(server.lines(build).contains("checked out on a worker"), server.lines(build).toString());
        }
    }

    private static String get(ServerProcess server, String path) {
        try {
            return server.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(ServerProcess server, long run) {
        try {
            return server.lines(run);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long runId(String body) throws Exception {
        JsonNode json = JSON.readTree(body);
        return (json.has("run") ? json.get("run") : json.get("id")).asLong();
    }

    private static JsonNode awaitEnd(ServerProcess server, long run) throws Exception {
        for (int i = 0; i < 10; i++) {
            JsonNode json = JSON.readTree(server.get("/api/runs/" + run + "?wait=60"));
            JsonNode self = json.has("run") ? json.get("run") : json;
            if (Set.of("success", "failure", "cancelled").contains(self.get("status").asText())) {
                return self;
            }
        }
        throw new AssertionError("run #" + run + " did not end within 10 minutes");
    }
}
