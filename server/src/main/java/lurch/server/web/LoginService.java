package lurch.server.web;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /login} and {@code /logout}. The session cookie is HttpOnly, SameSite=Strict, and Secure when the
 * server is reached through https. The login form carries a token that must match a cookie set with the form
 * (no other site can log a visitor in under its own account), wrong passwords are throttled
 * ({@link LoginThrottle}: 429 with Retry-After), and only a path of this site is followed after login.
 */
final class LoginService implements HttpService {
    static final String FORM_COOKIE = "lurch_login";
    /** What {@link Passwords#randomToken} makes: only such a value is taken back from a cookie. */
    private static final Pattern FORM_TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Accounts accounts;
    private final Pages pages;
    private final LoginThrottle throttle;
    private final boolean secureCookies;

    LoginService(Accounts accounts, Pages pages, LoginThrottle throttle, boolean secureCookies) {
        this.accounts = accounts;
        this.pages = pages;
        this.throttle = throttle;
        this.secureCookies = secureCookies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/login", this::form)
                .post("/login", this::login)
                .post("/logout", PostForm.anyUser(this::logout));
    }

    private void form(ServerRequest req, ServerResponse res) {
        show(req, res, Status.OK_200, Links.localOrHome(req.query().first("next").orElse("/")), "", "");
    }

    private void login(ServerRequest req, ServerResponse res) {
        Parameters fields = FormFields.read(req);
        String name = fields.first("name").orElse("").trim();
        String next = Links.localOrHome(fields.first("next").orElse("/"));
        String formToken = req.headers().cookies().first(FORM_COOKIE).asOptional().orElse("");
        if (formToken.isEmpty() || !MessageDigest.isEqual(formToken.getBytes(StandardCharsets.UTF_8),
                fields.first(PostForm.CSRF_FIELD).orElse("").getBytes(StandardCharsets.UTF_8))) {
            show(req, res, Status.FORBIDDEN_403, next, name, "The login form expired or came from another site:"
                    + " log in again.");
            return;
        }
        String address = clientAddress(req);
        Duration wait = throttle.wait(name, address);
        if (!wait.isZero()) {
            long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
            res.header("Retry-After", Long.toString(seconds));
            show(req, res, Status.TOO_MANY_REQUESTS_429, next, name, "Too many wrong passwords: try again in "
                    + seconds + " s.");
            return;
        }
        Optional<String> session = accounts.login(name, fields.first("password").orElse(""));
        if (session.isEmpty()) {
            throttle.failed(name, address);
            show(req, res, Status.UNAUTHORIZED_401, next, name, "Unknown user name or wrong password.");
            return;
        }
        throttle.succeeded(name, address);
        res.headers().addCookie(cookie(WebAuth.COOKIE, session.get()).maxAge(Accounts.SESSION_LIFETIME).build());
        res.headers().addCookie(cookie(FORM_COOKIE, "").maxAge(Duration.ZERO).build());
        res.status(Status.SEE_OTHER_303).header("Location", next).send();
    }

    /**
     * The login page, with the form token in the form and in a cookie. A browser that has a token keeps it:
     * it loads the login page more than once at a time (a missing favicon is sent to /login too), and a new
     * token each time would leave the page it shows with a token its cookie no longer matches.
     */
    private void show(ServerRequest req, ServerResponse res, Status status, String next, String name, String error) {
        String token = req.headers().cookies().first(FORM_COOKIE).asOptional()
                .filter(t -> FORM_TOKEN.matcher(t).matches()).orElseGet(Passwords::randomToken);
        res.headers().addCookie(cookie(FORM_COOKIE, token).maxAge(Duration.ofHours(1)).build());
        pages.render(req, res, status, "login", Map.of("next", next, "name", name, "error", error,
                "loginToken", token));
    }

    private void logout(PostForm form, ServerRequest req, ServerResponse res) {
        req.headers().cookies().first(WebAuth.COOKIE).ifPresent(accounts::logout);
        res.headers().addCookie(cookie(WebAuth.COOKIE, "").maxAge(Duration.ZERO).build());
        res.status(Status.SEE_OTHER_303).header("Location", "/").send();
    }

    private SetCookie.Builder cookie(String name, String value) {
        return SetCookie.builder(name, value).path("/").httpOnly(true).secure(secureCookies)
                .sameSite(SetCookie.SameSite.STRICT);
    }

    private static String clientAddress(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : req.remotePeer().host();
    }
}
