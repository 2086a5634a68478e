package lurch.server.git;

import static lurch.server.git.GitServerFixture.CAT_HELLO;
import static lurch.server.git.GitServerFixture.GITHUB_TOKEN;
import static lurch.server.git.GitServerFixture.SECRET;
import static lurch.server.git.GitServerFixture.await;
import static lurch.server.git.GitServerFixture.gitLabPush;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.SignedDelivery;
import lurch.hooks.testing.StatusRequest;
import lurch.hooks.webhook.Forge;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GitLab pushes, repositories through the CLI, builds by hand, and the body size limit. */
class GitLabAndCliBuildsTest {
    private static final String PROJECT = "group/sub/hello";

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aGitLabPushBuildsAndReportsToGitLab(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(PROJECT, Forge.GITLAB);
            String sha = f.repo.write("hello.txt", "hello gitlab\n").write(".lurch", CAT_HELLO).commit("first");
            SignedDelivery push = SignedDelivery.gitLab("Push Hook", SECRET, gitLabPush(PROJECT, sha));

            assertEquals(401, f.post("/hooks/gitlab", SignedDelivery.gitLab("Push Hook", "wrong", gitLabPush(PROJECT, sha)))
                    .statusCode());
            assertEquals(List.of(), f.db.deliveries().recent(null, 10), "a wrong token stores nothing");

            assertEquals(202, f.post("/hooks/gitlab", push).statusCode());
            Delivery delivery = await("the run to start", () -> f.db.deliveries().recent(PROJECT, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED);
            Run run = f.server.engine().whenFinished(delivery.runId()).get(30, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCESS, run.status(), () -> f.logTexts(run.id()).toString());
            assertTrue(f.logTexts(run.id()).contains("hello gitlab"));

            List<StatusRequest> statuses = await("statuses at GitLab", f.gitlab::accepted, s -> s.size() >= 2);
            assertEquals(List.of("pending", "success"), statuses.stream().map(s -> s.field("state")).toList());
            assertEquals(PROJECT, statuses.getFirst().repo());
            assertEquals("https://ci.example.com/runs/" + run.id(), statuses.getLast().field("target_url"));

            assertEquals(200, f.post("/hooks/gitlab", push).statusCode());
            Thread.sleep(300);
            assertEquals(1, f.db.runs().topRuns(PROJECT, 10).size(), "a replayed delivery starts nothing");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void reposAreManagedAndBuiltByHandThroughTheCli(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register("octo/hello", Forge.GITHUB);
            GitServerFixture.CliResult list = f.cli("repo", "list");
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().startsWith("# name\t"), list.out());
            assertTrue(list.out().contains("octo/hello\t" + f.repo.url()), list.out());
            assertTrue(list.out().contains("octo/hello\t" + f.repo.url() + "\tset\tgithub\tset\tno\tapprove\t"),
                    list.out());
            assertTrue(list.out().contains("\tall\ton\n"), "every branch and tags are built: " + list.out());
            // the URL is a temporary directory, whose random name may hold any four digits ("1234" failed once)
            String shown = list.out().replace(f.repo.url(), "URL");
            for (String part : List.of(GITHUB_TOKEN.substring(0, 4), GITHUB_TOKEN.substring(GITHUB_TOKEN.length() - 4),
                    SECRET.substring(0, 4), SECRET.substring(SECRET.length() - 4))) {
                assertFalse(shown.contains(part), "no part of a secret or token is shown: " + part + " in " + shown);
            }
            assertEquals(1, f.cli("repo", "add", "octo/hello", "--url", f.repo.url(), "--secret", "s").code(),
                    "a name is registered once");

            String sha = f.repo.write("hello.txt", "by hand\n").write(".lurch", CAT_HELLO).commit("first");
            GitServerFixture.CliResult build = f.cli("build", "octo/hello", "--ref", "main");
            assertEquals(0, build.code(), build.err());
            Matcher started = Pattern.compile("Repository octo/hello: building " + sha + " as run #(\\d+)\\.\n")
                    .matcher(build.out());
            assertTrue(started.matches(), build.out());
            Run run = f.server.engine().whenFinished(Long.parseLong(started.group(1))).get(30, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCESS, run.status());
            assertTrue(f.logTexts(run.id()).contains("by hand"));
            assertEquals("main", f.db.runs().data(run.id()).get("git_branch"));

            GitServerFixture.CliResult unknown = f.cli("build", "octo/hello", "--sha", "0123456789".repeat(4));
            assertEquals(1, unknown.code());
            assertEquals("lurch: cannot build octo/hello: there is no branch, tag or commit '" + "0123456789".repeat(4)
                    + "'\n", unknown.err());

            GitServerFixture.CliResult removed = f.cli("repo", "rm", "octo/hello");
            assertEquals("Repository octo/hello removed.\n", removed.out());
            assertEquals("# name\turl\tsecret\tstatus api\ttoken\tcancel previous\tpull requests\tcreated"
                            + "\tbranches\ttags\n",
                    f.cli("repo", "list").out());
            assertTrue(f.cli("build", "octo/hello").err().contains("no repository named 'octo/hello'"));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aDeliveryOver25MebibytesIsRefusedWith413(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            for (int size : new int[] {(25 << 20) + 1000, 30 << 20}) {
                // Expect: 100-continue, as curl sends for big bodies: a refusal then comes before the body, so
                // the client reads the 413 instead of losing it to a connection closed while it writes.
                HttpRequest request = HttpRequest.newBuilder(URI.create(f.baseUrl() + "/hooks/github"))
                        .expectContinue(true)
                        .header("X-GitHub-Event", "push")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size])).build();
                HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(413, answer.statusCode(), size + " bytes");
            }
        }
    }
}
