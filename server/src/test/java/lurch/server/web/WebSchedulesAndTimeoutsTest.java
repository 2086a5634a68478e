package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lurch.db.Run;
import lurch.db.Schedule;
import lurch.db.testing.TestDatabase;
import lurch.server.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schedules and timeouts on a whole server: the program page's forms, LURCH_TIMEZONE read into schedules and
 * LURCH_RUN_TIMEOUT stopping a run, on each supported database.
 */
class WebSchedulesAndTimeoutsTest {
    private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati"); // UTC+14: never the test machine's

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void theProgramPageSetsAndRemovesScheduleAndTimeout(TestDatabase kind) throws Exception {
        try (WebFixture web = new WebFixture(kind, Map.of("LURCH_TIMEZONE", KIRITIMATI.getId()))) {
            web.program("nightly", "(let target \"staging\" \"where to?\" (no-op 0))");
            String cookie = web.login();
            String csrf = "&csrf=" + web.csrf(cookie);
            assertTrue(web.get("/programs/nightly", cookie).body().contains("Not scheduled."));

            HttpResponse<String> set = web.post("/programs/nightly", cookie, "action=schedule&cron="
                    + WebFixture.enc("0 12 * * *") + "&schedule.target=prod" + csrf);
            assertEquals(303, set.statusCode(), set.body());
            Schedule schedule = web.server.database().schedules().get("nightly").orElseThrow();
            assertEquals(Map.of("target", "prod"), schedule.vars());
            assertEquals(12, schedule.nextStart().atZone(KIRITIMATI).getHour(), "cron is read in LURCH_TIMEZONE");
            String page = web.get("/programs/nightly", cookie).body();
            assertTrue(page.contains("<code>0 12 * * *</code>"), page);
            assertTrue(page.contains("<span>target=prod</span>"), page);

            HttpResponse<String> bad = web.post("/programs/nightly", cookie, "action=schedule&cron="
                    + WebFixture.enc("0 12 * 13 *") + csrf);
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("cron field 4 (month) &#39;13&#39;: 13 is not between 1 and 12"), bad.body());

            assertEquals(303, web.post("/programs/nightly", cookie, "action=timeout&seconds=600" + csrf).statusCode());
            assertEquals(600, web.server.database().timeouts().programTimeout("nightly").orElseThrow());
            assertTrue(web.get("/programs/nightly", cookie).body().contains("after 600 s"));
            assertEquals(400, web.post("/programs/nightly", cookie, "action=timeout&seconds=soon" + csrf).statusCode());

            assertEquals(303, web.post("/programs/nightly", cookie, "action=unschedule" + csrf).statusCode());
            assertTrue(web.server.database().schedules().get("nightly").isEmpty());
            assertEquals(401, web.post("/programs/nightly", null, "action=timeout&seconds=0" + csrf).statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void waitIsReadInLurchTimezoneToo(TestDatabase kind) throws Exception {
        try (WebFixture web = new WebFixture(kind, Map.of("LURCH_TIMEZONE", KIRITIMATI.getId()))) {
            web.program("noon", "(wait (0) (12) () () ())");
            Run top = web.server.engine().start(web.server.engine().latest("noon"), Map.of(), Map.of(), "user:test", null);
            Run waiting = web.server.database().runs().get(top.id()).orElseThrow();
            assertEquals(12, waiting.wakeAt().atZone(KIRITIMATI).getHour(), waiting.toString());
            web.server.engine().cancel(top.id(), "test");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void theServersRunTimeoutStopsARun(TestDatabase kind) throws Exception {
        try (WebFixture web = new WebFixture(kind, Map.of("LURCH_RUN_TIMEOUT", "1"))) {
            web.program("slow", "(sequence (pause 100) (no-op 0))");
            Run top = web.server.engine().start(web.server.engine().latest("slow"), Map.of(), Map.of(), "user:test", null);
            Run done = web.server.engine().whenFinished(top.id()).get(30, TimeUnit.SECONDS);
            assertEquals(-131, done.exitCode());
            assertTrue(web.server.database().logs().read(top.id(), 0, 100).stream().anyMatch(l -> l.text()
                    .equals("Timed out: the server's timeout of 1 s (LURCH_RUN_TIMEOUT) passed.")));
        }
    }

    @org.junit.jupiter.api.Test
    void badSettingsAreErrorsNamingTheVariable() {
        assertEquals("LURCH_TIMEZONE must be a time zone such as Europe/Paris or UTC, not 'Mars/Olympus'",
                assertThrows(IllegalArgumentException.class,
                        () -> Config.of(Map.of("LURCH_TIMEZONE", "Mars/Olympus"), Map.of()).timeZone()).getMessage());
        assertEquals("LURCH_RUN_TIMEOUT must be a whole number, not '10m'", assertThrows(IllegalArgumentException.class,
                () -> Config.of(Map.of("LURCH_RUN_TIMEOUT", "10m"), Map.of()).runTimeout()).getMessage());
        assertEquals("LURCH_RUN_TIMEOUT must be a number of seconds (0 = none), not -1",
                assertThrows(IllegalArgumentException.class,
                        () -> Config.of(Map.of("LURCH_RUN_TIMEOUT", "-1"), Map.of()).runTimeout()).getMessage());
    }
}
