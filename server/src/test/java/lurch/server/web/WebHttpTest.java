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
        Run run = web.server.engine().start("shout", Map.of(), Map.of(), "user:ann");
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
