package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Password guessing: refused with 429 and a growing wait, per user name and per address. */
class LoginThrottleTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#kinds")
    void afterFiveWrongPasswordsTheNextAttemptGets429WithRetryAfterWithoutHashing(TestDatabase kind) throws Exception {
        try (WebFixture web = new WebFixture(kind, Map.of())) {
            for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
                assertEquals(401, web.loginAs(WebFixture.USER, "guess " + i).statusCode());
            }
            long before = System.nanoTime();
            HttpResponse<String> throttled = web.loginAs(WebFixture.USER, WebFixture.PASSWORD);
            assertEquals(429, throttled.statusCode(), "even the right password waits");
            assertTrue((System.nanoTime() - before) / 1_000_000 < 300, "refused without hashing the password");
            assertEquals("1", throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(throttled.body().contains("Too many wrong passwords"));
            assertEquals(429, web.loginAs("someone-else", "x").statusCode(), "the same address is throttled too");
            Thread.sleep(1100);
            assertEquals(303, web.loginAs(WebFixture.USER, WebFixture.PASSWORD).statusCode(), "after the wait");
        }
    }

    @Test
    void theWaitDoublesWithEveryFailureUpToAQuarterOfAnHour() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("ann", "10.0.0.1");
        }
        assertEquals(Duration.ZERO, throttle.wait("ann", "10.0.0.1"));
        throttle.failed("ann", "10.0.0.1");
        assertEquals(Duration.ofSeconds(1), throttle.wait("ann", "10.0.0.1"));
        throttle.failed("ann", "10.0.0.1");
        assertEquals(Duration.ofSeconds(2), throttle.wait("ANN", "10.0.0.9"), "per user, whatever the address");
        assertEquals(Duration.ofSeconds(2), throttle.wait("bob", "10.0.0.1"), "per address, whatever the user");
        assertEquals(Duration.ZERO, throttle.wait("bob", "10.0.0.2"));
        for (int i = 0; i < 30; i++) {
            throttle.failed("ann", "10.0.0.1");
        }
        assertEquals(LoginThrottle.MAX_DELAY, throttle.wait("ann", "10.0.0.1"));
        clock.now = clock.now.plus(LoginThrottle.MAX_DELAY);
        assertEquals(Duration.ZERO, throttle.wait("ann", "10.0.0.1"));
        throttle.succeeded("ann", "10.0.0.1");
        throttle.failed("ann", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.wait("ann", "10.0.0.1"), "a success starts the count again");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
