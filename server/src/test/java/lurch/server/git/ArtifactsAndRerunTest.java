package lurch.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lurch.db.Artifact;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.testing.TestDatabase;
import lurch.hooks.webhook.Forge;
import lurch.interpreter.Programs;
import lurch.server.api.CliToken;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Artifacts kept from a chroot and a container, served safely by API, CLI and page; re-running a git build. */
class ArtifactsAndRerunTest {

    /** Two isolates of one top run write into the same /artifacts; a link to a host file is left there too. */
    private static final String WRITES_ARTIFACTS = """
            (sequence
              (isolate (chroot "busybox")
                (exec "/bin/sh" ("-c" "mkdir -p $LURCH_ARTIFACTS/dist && echo chroot > $LURCH_ARTIFACTS/dist/a.txt && ln -s /etc/passwd /artifacts/link && ln -s / /artifacts/root")))
              (isolate (docker "lurch-test/busybox:latest")
                (exec "/bin/sh" ("-c" "echo container > /artifacts/b.txt; test -f /artifacts/dist/a.txt"))))
            """;

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void artifactsOfChrootAndContainerAreKeptListedAndServed(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            long id = startAndWait(f, "artifacts", WRITES_ARTIFACTS);
            assertEquals(List.of(new Artifact("b.txt", 10), new Artifact("dist/a.txt", 7)), f.db.artifacts().of(id));
            assertTrue(f.logTexts(id).contains("Artifact 'link' not kept: it is a symbolic link."), f.logTexts(id).toString());
            assertTrue(f.logTexts(id).contains("Kept 2 artifacts (17 bytes)."), f.logTexts(id).toString());
            assertFalse(Files.exists(f.home.resolve("data/artifact-staging/" + id)), "the staging directory is gone");
            assertFalse(Files.exists(f.home.resolve("data/workspaces/" + id)), "the workspace is still deleted");

            GitServerFixture.CliResult list = f.cli("artifacts", Long.toString(id));
            assertEquals("# path\tsize bytes\nb.txt\t10\ndist/a.txt\t7\n", list.out(), list.err());
            assertEquals("chroot\n", f.cli("download", Long.toString(id), "dist/a.txt").out());
            Path saved = f.home.resolve("saved.txt");
            assertEquals(0, f.cli("download", Long.toString(id), "b.txt", "-o", saved.toString()).code());
            assertEquals("container\n", Files.readString(saved));
            GitServerFixture.CliResult missing = f.cli("download", Long.toString(id), "link");
            assertEquals("lurch: run #" + id + " kept no artifact 'link'\n", missing.err());

            JsonNode listed = GitServerFixture.JSON.readTree(api(f, "/api/runs/" + id + "/artifacts").body());
            assertEquals("dist/a.txt", listed.get(1).get("path").asText());
            assertEquals(7, listed.get(1).get("size").asLong());
            HttpResponse<String> file = api(f, "/api/runs/" + id + "/artifacts/dist/a.txt");
            assertEquals(200, file.statusCode());
            assertEquals("chroot\n", file.body());
            assertEquals("7", file.headers().firstValue("content-length").orElseThrow());
            assertEquals("attachment; filename=\"a.txt\"; filename*=UTF-8''a.txt",
                    file.headers().firstValue("content-disposition").orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void pathTricksNeverReachAnotherFile(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            long id = startAndWait(f, "tricks", """
                    (isolate (chroot "busybox") (exec "/bin/sh" ("-c" "echo ok > /artifacts/ok.txt; ln -s /etc/passwd /artifacts/passwd")))
                    """);
            // A link in the kept directory that Lurch never made, listed as if it were a file: still never followed.
            Files.createSymbolicLink(f.home.resolve("data/artifacts/" + id + "/planted"), Path.of("/etc/passwd"));
            f.db.artifacts().record(id, List.of(new Artifact("planted", 10)));
            String base = "/api/runs/" + id + "/artifacts/";
            for (String trick : List.of("../../../../etc/passwd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "%2Fetc%2Fpasswd",
                    "/etc/passwd", "ok.txt%2F..%2F..%2Fdb", "..%2F..%2Fdb", "passwd", "planted", "ok.txt/",
                    "%00ok.txt", "ok.txt%5C..%5Cx")) {
                HttpResponse<String> answer = api(f, base + trick);
                assertFalse(answer.statusCode() == 200, trick + ": " + answer.statusCode());
                assertFalse(answer.body().contains("root:"), trick);
                HttpResponse<String> page = page(f, "/runs/" + id + "/artifacts/" + trick);
                assertFalse(page.statusCode() == 200, trick + " on the page: " + page.statusCode());
            }
            assertEquals(400, api(f, base + "%2e%2e/%2e%2e/%2e%2e/etc/passwd").statusCode(), "a decoded '..' is refused");
            assertEquals(400, api(f, base + "%2Fetc%2Fpasswd").statusCode(), "an encoded '/' is refused");
            assertEquals(404, api(f, base + "passwd").statusCode(), "a link in /artifacts was never kept");
            assertEquals(404, api(f, base + "planted").statusCode(), "a link is never followed");
            assertEquals("ok\n", api(f, base + "ok.txt").body());
            assertEquals("ok\n", api(f, base + "%6Fk.txt").body(), "an encoded plain letter is that letter");
            assertEquals(404, api(f, "/api/runs/999999/artifacts").statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aGitBuildRunsAgainWithItsCommitAndAnswers(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register("octo/hello", Forge.GITHUB);
            String sha = f.repo.write("hello.txt", "first commit\n").write(".lurch", """
                    (let "greeting" "hi" "what to say"
                      (isolate (chroot "busybox") (exec "/bin/sh" ("-c" "cat hello.txt; echo said ${greeting}"))))
                    """).commit("first");
            GitServerFixture.CliResult build = f.cli("build", "octo/hello", "--ref", "main");
            Matcher started = Pattern.compile("Repository octo/hello: building " + sha + " as run #(\\d+)\\.\n").matcher(build.out());
            assertTrue(started.matches(), build.out() + build.err());
            long first = Long.parseLong(started.group(1));
            GitServerFixture.await("the let to ask", () -> f.cli("answer", Long.toString(first), "bonjour").code() == 0);
            assertEquals(RunStatus.SUCCESS, f.server.engine().whenFinished(first).get(60, TimeUnit.SECONDS).status());
            f.repo.write("hello.txt", "second commit\n").commit("second");

            GitServerFixture.CliResult rerun = f.cli("rerun", Long.toString(first));
            Matcher again = Pattern.compile("Program octo/hello started as run #(\\d+)\\.\n").matcher(rerun.out());
            assertTrue(again.matches(), rerun.out() + rerun.err());
            long second = Long.parseLong(again.group(1));
            Run run = f.server.engine().whenFinished(second).get(60, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCESS, run.status(), () -> f.logTexts(second).toString());
            assertTrue(f.logTexts(second).containsAll(List.of("first commit", "said bonjour")), f.logTexts(second).toString());
            assertEquals(sha, f.db.runs().data(second).get("git_commit"));
            assertEquals(f.db.runs().get(first).orElseThrow().programVersionId(), run.programVersionId());
            assertTrue(run.creator().startsWith("rerun:" + first + " by "), run.creator());

            assertEquals("lurch: no run #424242\n", f.cli("rerun", "424242").err());
            assertTrue(f.cli("gc").out().contains("Collected the garbage of git mirror octo/hello.\n"), "mirrors are collected");
            assertEquals(sha, f.db.runs().data(second).get("git_commit"), "nothing of this young history is removed");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void gcRemovesOldRunsButNotWaitingOnesOrTheNewestSuccess(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind, Map.of("LURCH_KEEP_RUNS", "1"))) {
            f.db.programs().saveVersion("p", Programs.print(Programs.parse("""
                    (let "mode" "ok" "how to end"
                      (isolate (chroot "busybox") (exec "/bin/sh" ("-c" "echo x > /artifacts/out.txt; test ${mode} = ok"))))
                    """).program()), "test");
            long success = startAndWait(f, "p", RunStatus.SUCCESS, "mode=ok");
            long failure = startAndWait(f, "p", RunStatus.FAILURE, "mode=fail");
            long waiting = startedRun(f, "p");
            long newest = startAndWait(f, "p", RunStatus.FAILURE, "mode=fail");
            assertTrue(Files.exists(f.home.resolve("data/artifacts/" + failure + "/out.txt")));

            GitServerFixture.CliResult gc = f.cli("gc");
            assertEquals(0, gc.code(), gc.err());
            List<String> lines = gc.out().lines().toList();
            assertEquals(2, lines.size(), gc.out());
            assertTrue(lines.get(0).startsWith("Removed run #" + failure + " of p (failure, created "), lines.get(0));
            assertEquals("Removed 1 run (keeping the newest 1 of each program and 90 days).", lines.get(1));

            assertEquals("lurch: no run #" + failure + "\n", f.cli("show", Long.toString(failure)).err());
            assertEquals(404, api(f, "/api/runs/" + failure).statusCode());
            assertEquals(404, api(f, "/api/runs/" + failure + "/artifacts").statusCode());
            assertEquals(404, api(f, "/api/runs/" + failure + "/artifacts/out.txt").statusCode());
            assertEquals(404, api(f, "/api/runs/" + failure + "/logs").statusCode());
            assertFalse(Files.exists(f.home.resolve("data/artifacts/" + failure)), "its files are gone");
            for (long kept : List.of(success, waiting, newest)) {
                assertEquals(200, api(f, "/api/runs/" + kept).statusCode(), "run #" + kept + " is kept");
            }
            assertEquals(List.of(new Artifact("out.txt", 2)), f.db.artifacts().of(success));

            GitServerFixture.await("the let to ask", () -> f.cli("answer", Long.toString(waiting), "fail").code() == 0);
            assertEquals(RunStatus.FAILURE, f.server.engine().whenFinished(waiting).get(60, TimeUnit.SECONDS).status());
            assertTrue(f.cli("gc").out().startsWith("Removed run #" + waiting + " of p (failure"), "no longer pinned");
            assertEquals(200, api(f, "/api/runs/" + success).statusCode(), "still the newest success");
        }
    }

    private static long startAndWait(GitServerFixture f, String program, String text) throws Exception {
        f.db.programs().saveVersion(program, Programs.print(Programs.parse(text).program()), "test");
        return startAndWait(f, program, RunStatus.SUCCESS);
    }

    private static long startAndWait(GitServerFixture f, String program, RunStatus expected, String... vars) throws Exception {
        long id = startedRun(f, program, vars);
        Run run = f.server.engine().whenFinished(id).get(60, TimeUnit.SECONDS);
        assertEquals(expected, run.status(), () -> f.logTexts(id).toString());
        return id;
    }

    private static long startedRun(GitServerFixture f, String program, String... vars) {
        List<String> args = new java.util.ArrayList<>(List.of("start", program));
        args.addAll(List.of(vars));
        GitServerFixture.CliResult start = f.cli(args.toArray(String[]::new));
        Matcher started = Pattern.compile("Program " + program + " started as run #(\\d+)\\.\n").matcher(start.out());
        assertTrue(started.matches(), start.out() + start.err());
        return Long.parseLong(started.group(1));
    }

    private static HttpResponse<String> api(GitServerFixture f, String path) throws Exception {
        String token = Files.readString(f.home.resolve("data").resolve(CliToken.FILE)).strip();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> page(GitServerFixture f, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(f.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
