package lurch.server.web;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.SetCookie;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;

/** {@code /login} and {@code /logout}: the session cookie is HttpOnly and SameSite=Strict. */
final class LoginService implements HttpService {

    private final Accounts accounts;
    private final Pages pages;

    LoginService(Accounts accounts, Pages pages) {
        this.accounts = accounts;
        this.pages = pages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/login", this::form)
                .post("/login", this::login)
                .post("/logout", PostForm.handler(this::logout));
    }

    private void form(ServerRequest req, ServerResponse res) {
        pages.render(req, res, "login", Map.of("next", Links.localOrHome(req.query().first("next").orElse("/")),
                "error", "", "name", ""));
    }

    private void login(ServerRequest req, ServerResponse res) {
        Parameters fields = req.content().as(Parameters.class);
        String name = fields.first("name").orElse("").trim();
        String next = Links.localOrHome(fields.first("next").orElse("/"));
        Optional<String> session = accounts.login(name, fields.first("password").orElse(""));
        if (session.isEmpty()) {
            pages.render(req, res, Status.UNAUTHORIZED_401, "login", Map.of("next", next, "name", name,
                    "error", "Unknown user name or wrong password."));
            return;
        }
        res.headers().addCookie(cookie(session.get()).maxAge(Accounts.SESSION_LIFETIME).build());
        res.status(Status.SEE_OTHER_303).header("Location", next).send();
    }

    private void logout(PostForm form, ServerRequest req, ServerResponse res) {
        req.headers().cookies().first(WebAuth.COOKIE).ifPresent(accounts::logout);
        res.headers().addCookie(cookie("").maxAge(java.time.Duration.ZERO).build());
        res.status(Status.SEE_OTHER_303).header("Location", "/").send();
    }

    private static SetCookie.Builder cookie(String value) {
        return SetCookie.builder(WebAuth.COOKIE, value).path("/").httpOnly(true).sameSite(SetCookie.SameSite.STRICT);
    }
}
