package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A session cookie must not travel over plain http when the server is reached through https. */
class SessionCookieTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#kinds")
    void behindHttpsEveryCookieIsSecure(TestDatabase kind) throws Exception {
        try (WebFixture web = new WebFixture(kind, Map.of("LURCH_PUBLIC_URL", "https://ci.example.com"))) {
            HttpResponse<String> login = web.loginAs(WebFixture.USER, WebFixture.PASSWORD);
            assertEquals(303, login.statusCode());
            List<String> cookies = login.headers().allValues("Set-Cookie");
            assertTrue(cookies.stream().anyMatch(c -> c.startsWith(WebAuth.COOKIE + "=")), cookies::toString);
            assertTrue(cookies.stream().allMatch(c -> c.contains("Secure") && c.contains("HttpOnly")
                    && c.contains("SameSite=Strict")), cookies::toString);
            assertTrue(web.get("/login", null).headers().allValues("Set-Cookie").stream()
                    .allMatch(c -> c.contains("Secure")), "the login form's cookie too");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#kinds")
    void overPlainHttpTheCookieIsNotMarkedSecureOrNoBrowserWouldSendIt(TestDatabase kind) throws Exception {
        try (WebFixture web = new WebFixture(kind, Map.of("LURCH_PUBLIC_URL", "http://127.0.0.1:8080"))) {
            List<String> cookies = web.loginAs(WebFixture.USER, WebFixture.PASSWORD).headers().allValues("Set-Cookie");
            assertFalse(cookies.stream().anyMatch(c -> c.contains("Secure")), cookies::toString);
        }
    }
}
