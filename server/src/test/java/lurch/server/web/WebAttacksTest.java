package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lurch.db.LogLine;
import lurch.db.NewRun;
import lurch.db.Run;
import lurch.db.testing.LineBlocks;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The pages against visitors who mean harm, on both databases. */
@ParameterizedClass
@MethodSource("lurch.db.testing.TestDatabases#both")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAttacksTest {
    @Parameter
    TestDatabase kind;
    WebFixture web;
    TestDatabase webKind;

    @BeforeEach
    void start() throws Exception {
        if (web != null && webKind == kind) {
            return;
        }
        stop();
        web = new WebFixture(kind, Map.of());
        webKind = kind;
        web.program("secret-plans", "(no-op 0)");
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
            web = null;
        }
    }

    @Test
    void anAnonymousVisitorGetsTheLoginPageNotTheProgramButBadgesAndHealthStayOpen() throws Exception {
        HttpResponse<String> page = web.get("/programs/secret-plans", null);
        assertEquals(303, page.statusCode());
        assertEquals("/login?next=%2Fprograms%2Fsecret-plans", page.headers().firstValue("Location").orElseThrow());
        for (String path : List.of("/", "/runs/1", "/approvals", "/stats", "/repos")) {
            assertEquals(303, web.get(path, null).statusCode(), path);
        }
        assertEquals(200, web.get("/badge/secret-plans.svg", null).statusCode());
        assertEquals(200, web.get("/health", null).statusCode());
        assertEquals(200, web.get("/programs/secret-plans", web.login()).statusCode());
    }

    @Test
    void aLoginWithoutTheFormsTokenIsRefused() throws Exception {
        HttpResponse<String> forged = web.post("/login", null, "name=ann&password=correct+horse+battery");
        assertEquals(403, forged.statusCode());
        assertTrue(forged.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith(WebAuth.COOKIE + "=")
                && !c.startsWith(WebAuth.COOKIE + "=;")), "no session for a forged login");
        HttpResponse<String> form = web.get("/login", null);
        String formCookie = WebFixture.cookie(form, LoginService.FORM_COOKIE);
        assertEquals(403, web.post("/login", formCookie, "name=ann&password=correct+horse+battery&csrf=guessed")
                .statusCode());
    }

    @Test
    void loadingTheLoginPageAgainKeepsTheTokenOfTheFormShownFirst() throws Exception {
        HttpResponse<String> form = web.get("/login", null);
        String formCookie = WebFixture.cookie(form, LoginService.FORM_COOKIE);
        String token = form.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> again = web.get("/login?next=%2Ffavicon.ico", formCookie); // a browser's favicon request
        String cookieNow = again.headers().allValues("Set-Cookie").isEmpty() ? formCookie
                : WebFixture.cookie(again, LoginService.FORM_COOKIE); // as a browser keeps the newest cookie
        assertEquals(303, web.post("/login", cookieNow, "name=ann&password=correct+horse+battery&csrf=" + token)
                .statusCode(), "the first page's form still logs in");
    }

    @Test
    void offSiteRedirectTargetsAfterLoginAreRefused() throws Exception {
        for (String next : List.of("/\\evil.example", "//evil.example", "https://evil.example", "/\t/evil.example",
                "javascript:alert(1)")) {
            HttpResponse<String> form = web.get("/login?next=" + WebFixture.enc(next), null);
            assertFalse(form.body().contains("evil.example\""), () -> next + " kept in the form");
            HttpResponse<String> res = loginWithNext(next);
            assertEquals(303, res.statusCode(), next);
            String location = res.headers().firstValue("Location").orElseThrow();
            assertEquals("/", location, next);
        }
        assertEquals("/runs/1?only=2", loginWithNext("/runs/1?only=2").headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> loginWithNext(String next) throws Exception {
        HttpResponse<String> form = web.get("/login", null);
        String token = form.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        return web.post("/login", WebFixture.cookie(form, LoginService.FORM_COOKIE),
                "name=ann&password=correct+horse+battery&csrf=" + token + "&next=" + WebFixture.enc(next));
    }

    @Test
    void aNewPasswordEndsTheSessionsOfTheOldOne() throws Exception {
        String stolen = web.login();
        assertEquals(200, web.get("/", stolen).statusCode());
        Accounts accounts = new Accounts(web.server.database().users(), web.server.database().sessions(),
                Clock.systemUTC());
        accounts.put(WebFixture.USER, "a brand new password", null);
        assertEquals(303, web.get("/", stolen).statusCode(), "the old session is over");
        accounts.put(WebFixture.USER, WebFixture.PASSWORD, null);
    }

    @Test
    void oversizedFormFieldsAreRefusedUnread() throws Exception {
        String cookie = web.login();
        String csrf = web.csrf(cookie);
        HttpResponse<String> message = web.post("/runs/1/approve", cookie, "csrf=" + csrf + "&decision=approve&message="
                + "m".repeat(20_000));
        assertEquals(413, message.statusCode());
        assertTrue(message.body().contains("The field &#39;message&#39; may hold at most"), message.body());
        assertEquals(413, web.post("/programs/secret-plans", cookie, "csrf=" + csrf + "&action=save&source="
                + "x".repeat(300_000)).statusCode());
        assertEquals(413, web.loginAs("a".repeat(5000), "x").statusCode());
        HttpRequest huge = HttpRequest.newBuilder(URI.create(web.base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + "a".repeat(2 << 20))).build();
        assertEquals(413, web.http.send(huge, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aFormThatIsNotUrlEncodingIsRefusedAsBadInput() throws Exception {
        HttpResponse<String> res = web.post("/login", null, "name=%zz&password=%");
        assertEquals(400, res.statusCode(), res.body());
        assertTrue(res.body().contains("not valid URL encoding"), res.body());
        assertEquals(403, web.post("/login", null, "").statusCode(), "an empty form is a form without a token");
    }

    @Test
    void twoTenThousandLineVersionsAreNotDiffedLineByLine() throws Exception {
        StringBuilder a = new StringBuilder("(sequence\n");
        StringBuilder b = new StringBuilder("(sequence\n");
        for (int i = 0; i < 10_000; i++) {
            a.append("  (no-op ").append(i % 256).append(")\n");
            b.append("  (no-op ").append((i * 7) % 256).append(")\n");
        }
        web.program("huge", a.append(")").toString());
        web.program("huge", b.append(")").toString());
        String cookie = web.login();
        long before = System.nanoTime();
        HttpResponse<String> page = web.get("/programs/huge", cookie);
        long millis = (System.nanoTime() - before) / 1_000_000;
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Too large to diff"), "no diff table of 10,000 x 10,000");
        assertTrue(millis < 2000, "the page took " + millis + " ms");

        web.program("small", "(sequence\n  (no-op 1)\n  (no-op 2))");
        web.program("small", "(sequence\n  (no-op 1)\n  (no-op 3))");
        String small = web.get("/programs/small", cookie).body();
        assertTrue(small.contains("- (no-op 2)") || small.contains("-   (no-op 2)"), small);
    }

    @Test
    void aMegabyteLogLineIsCutOnThePageAndLinkedInFull() throws Exception {
        Run run = web.server.engine().start(web.server.engine().latest("secret-plans"), Map.of(), Map.of(), "user:ann", null);
        web.server.engine().whenFinished(run.id()).get(20, TimeUnit.SECONDS);
        long seq = web.server.database().logs().lastSeq(run.id()) + 1;
        String huge = "<b>" + "y".repeat(1 << 20) + "</b>";
        web.server.database().logs().append(LineBlocks.of(List.of(new LogLine(run.id(), seq, Instant.now(), LogLine.Stream.STDOUT, huge))));
        String cookie = web.login();
        HttpResponse<String> page = web.get("/runs/" + run.id(), cookie);
        assertTrue(page.body().length() < 100_000, "the page holds " + page.body().length() + " characters");
        assertTrue(page.body().contains("y".repeat(4000)) && !page.body().contains("y".repeat(4097)));
        String link = "/runs/" + run.id() + "/lines/" + seq;
        assertTrue(page.body().contains("href=\"" + link + "\""), "a link to the whole line");
        HttpResponse<String> full = web.get(link, cookie);
        assertEquals(huge, full.body());
        assertTrue(full.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertEquals(303, web.get(link, null).statusCode(), "anonymous visitors do not read it either");
    }

    @Test
    void aRunWithThousandsOfChildrenIsShownAPageAtATime() throws Exception {
        long version = web.server.database().programs().latest("secret-plans").orElseThrow().id();
        Run top = web.server.database().runs().create(new NewRun(null, version, "", "sequence", "(sequence)", "t", null));
        List<Long> children = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            children.add(web.server.database().runs().createStarted(new NewRun(top.id(), version, "0", "no-op",
                    "child-" + i, null, null)).id());
        }
        String cookie = web.login();
        String first = web.get("/runs/" + top.id(), cookie).body();
        assertTrue(first.contains("id=\"run-" + children.get(498) + "\""));
        assertFalse(first.contains("id=\"run-" + children.get(499) + "\""), "500 runs a page, the top one included");
        assertTrue(first.contains("runs_after=" + children.get(498)), "a link to the next page");
        String second = web.get("/runs/" + top.id() + "?runs_after=" + children.get(498), cookie).body();
        assertTrue(second.contains("id=\"run-" + top.id() + "\"") && second.contains("id=\"run-" + children.get(499) + "\""));
        web.server.engine().cancel(top.id(), "test");
    }
}
