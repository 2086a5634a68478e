package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lurch.db.Run;
import lurch.db.RunStatus;
import org.junit.jupiter.api.Test;

/** The run page lists a run's artifacts with download links and starts it again with "Run again". */
class RunAgainAndArtifactsPageTest {

    @Test
    void artifactsAreListedAndDownloadedAndRunAgainStartsANewRun() throws Exception {
        try (WebFixture web = new WebFixture()) {
            web.program("keep", "(let \"word\" \"a\" \"which word\" (isolate (chroot \"busybox\") "
                    + "(exec \"/bin/sh\" (\"-c\" \"echo ${word} > '/artifacts/<b>re port.txt'\"))))");
            Run first = web.server.engine().start(web.server.engine().latest("keep"), Map.of("word", "hello"), Map.of(), "user:ann", null);
            assertEquals(RunStatus.SUCCESS, web.server.engine().whenFinished(first.id()).get(60, TimeUnit.SECONDS).status());
            String cookie = web.login();

            String page = web.get("/runs/" + first.id(), cookie).body();
            String href = "/runs/" + first.id() + "/artifacts/%3Cb%3Ere%20port.txt";
            assertTrue(page.contains("href=\"" + href + "\""), page);
            assertTrue(page.contains("&lt;b&gt;re port.txt"), "the name is shown as text");
            assertTrue(page.contains(">Run again</button>"), page);

            HttpResponse<String> download = web.get(href, cookie);
            assertEquals(200, download.statusCode());
            assertEquals("hello\n", download.body());
            assertNotEquals(200, web.get(href, null).statusCode(), "downloads need a login like the page");

            assertEquals(403, web.post("/runs/" + first.id() + "/rerun", cookie, "csrf=forged").statusCode());
            HttpResponse<String> again = web.post("/runs/" + first.id() + "/rerun", cookie, "csrf=" + web.csrf(cookie));
            assertEquals(303, again.statusCode());
            long second = Long.parseLong(again.headers().firstValue("Location").orElseThrow().replace("/runs/", ""));
            Run run = web.server.engine().whenFinished(second).get(60, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCESS, run.status());
            assertEquals("rerun:" + first.id() + " by user:ann", run.creator());
            assertEquals(java.util.List.of(new lurch.db.Artifact("<b>re port.txt", 6)),
                    web.server.database().artifacts().of(second), "the same answer, so the same file");
        }
    }
}
