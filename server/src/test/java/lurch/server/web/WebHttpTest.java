package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lurch.db.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages over plain HTTP: escaping, login and CSRF checks on changes, the badge. */
class WebHttpTest {

    static WebFixture web;

    @BeforeAll
    static void start() throws Exception {
        web = new WebFixture();
        web.program("shout", "(isolate (chroot \"busybox\") (exec \"/bin/echo\" (\"<script>alert(1)</script>\")))");
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void aLogLineWithScriptShowsAsTextAndTheBadgePasses() throws Exception {
        Run run = web.server.engine().start(web.server.engine().latest("shout"), Map.of(), Map.of(), "user:ann", null);
        web.server.engine().whenFinished(run.id()).get(20, TimeUnit.SECONDS);
        String page = web.get("/runs/" + run.id(), web.login()).body();
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertFalse(page.contains("<script>alert(1)"));

        HttpResponse<String> badge = web.get("/badge/shout.svg", null);
        assertEquals("image/svg+xml", badge.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(badge.body().contains(">passing<"), badge.body());
        assertTrue(web.get("/badge/nothing-like-it.svg", null).body().contains(">unknown<"));
    }

    @Test
    void aGitRunsDataShowsOnItsPageAndOnTheDashboardWithTheCommitLinked() throws Exception {
        String sha = "0123456789abcdef0123456789abcdef01234567";
        Run run = web.server.engine().reject("octo/app", Map.of("git_repo", "octo/app",
                "git_url", "https://git.example.org/octo/app.git", "git_ref", "refs/heads/main", "git_branch", "main",
                "git_commit", sha, "git_author", "Ada <script>", "git_message", "Fix the <b>build</b>\n\nbody"),
                "webhook:1", java.util.List.of("1:1: expected '('"));
        String cookie = web.login();
        String link = "href=\"https://git.example.org/octo/app/commit/" + sha + "\"";
        String page = web.get("/runs/" + run.id(), cookie).body();
        assertTrue(page.contains(link), page);
        assertTrue(page.contains("refs/heads/main"), page);
        assertTrue(page.contains("Ada &lt;script&gt;"), page);

        String dashboard = web.get("/", cookie).body();
        assertTrue(dashboard.contains("Recent builds"), dashboard);
        assertTrue(dashboard.contains(link + ">0123456</a>"), dashboard);
        assertTrue(dashboard.contains("Fix the &lt;b&gt;build&lt;/b&gt;</td>"), "the message's first line, escaped");
    }

    @Test
    void theWorkersPageSaysWhenNoWorkerHasRegisteredAndNeedsALogin() throws Exception {
        String page = web.get("/workers", web.login()).body();
        assertTrue(page.contains("<a href=\"/workers\">Workers</a>"), page);
        assertTrue(page.contains("No worker has registered yet."), page);
        assertFalse(page.contains("<table id=\"workers\""), page);
        assertFalse(web.get("/workers", null).body().contains("No worker has registered"), "anonymous: the login page");
    }

    @Test
    void changesNeedALogin() throws Exception {
        HttpResponse<String> res = web.post("/programs/shout", null, "action=start&csrf=x");
        assertEquals(401, res.statusCode());
        assertTrue(res.body().contains("Log in to do this"), res.body());
        assertEquals(401, web.post("/runs/1/cancel", null, "csrf=x").statusCode());
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefusedAndStartsNothing() throws Exception {
        String cookie = web.login();
        int before = web.server.database().runs().topRuns("shout", 1000).size();
        HttpResponse<String> res = web.post("/programs/shout", cookie, "action=start&csrf=forged");
        assertEquals(403, res.statusCode());
        assertTrue(res.body().contains("security token"), res.body());
        assertEquals(403, web.post("/programs/shout", cookie, "action=start").statusCode());
        assertEquals(before, web.server.database().runs().topRuns("shout", 1000).size());

        HttpResponse<String> started = web.post("/programs/shout", cookie, "action=start&csrf=" + web.csrf(cookie));
        assertEquals(303, started.statusCode());
        long id = Long.parseLong(started.headers().firstValue("Location").orElseThrow().replace("/runs/", ""));
        assertEquals("user:ann", web.server.database().runs().get(id).orElseThrow().creator());
    }

    @Test
    void theStartFormRunsTheVersionItShowedEvenWhenAnotherWasSavedMeanwhile() throws Exception {
        web.program("edited", "(no-op 0)");
        String cookie = web.login();
        String page = web.get("/programs/edited", cookie).body();
        assertTrue(page.contains("name=\"version\" value=\"1\""), page);
        web.program("edited", "(no-op 5)");

        HttpResponse<String> started = web.post("/programs/edited", cookie,
                "action=start&version=1&csrf=" + web.csrf(cookie));
        assertEquals(303, started.statusCode());
        long id = Long.parseLong(started.headers().firstValue("Location").orElseThrow().replace("/runs/", ""));
        Run run = web.server.engine().whenFinished(id).get(20, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), "the version shown, not the one saved after the page was shown");
    }

    @Test
    void aWrongPasswordIsRefusedAndTheCookieIsHttpOnlyAndStrict() throws Exception {
        HttpResponse<String> wrong = web.loginAs("ann", "wrong");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("wrong password"));
        HttpResponse<String> right = web.loginAs("ann", "correct horse battery");
        String cookie = right.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(WebAuth.COOKIE))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    }
}
