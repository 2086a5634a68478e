package lurch.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import lurch.db.Notification;
import lurch.db.NotificationStore;
import lurch.server.api.ApiException;
import lurch.server.api.Json;
import lurch.server.api.Names;

/**
 * {@code /api/notifications}: add (POST {@code {"program", "url", "secret", "on"}}), list (GET), remove
 * ({@code DELETE ?program=P&url=U}). Secrets are never shown, only whether one is set.
 */
final class NotificationsService implements HttpService {
    private static final int MAX_URL = 2000;

    private final NotificationStore store;

    NotificationsService(NotificationStore store) {
        this.store = store;
    }

    /** A notification as the API shows it. */
    record NotificationJson(String program, String url, boolean secretSet, String on, String created) {
        static NotificationJson of(Notification n) {
            return new NotificationJson(n.program(), n.url(), n.secret() != null && !n.secret().isEmpty(),
                    n.on().dbName(), Json.time(n.created()));
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Json.ok(res, store.list().stream().map(NotificationJson::of).toList()))
                .post("/", this::add)
                .delete("/", this::remove);
    }

    private void add(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.body(req);
        String program = Names.program(String.valueOf(Json.optionalString(body, "program")));
        String url = checkUrl(Json.optionalString(body, "url"));
        String onText = Json.optionalString(body, "on");
        Notification.On on = onText == null ? Notification.On.FAILURE : Notification.On.ofName(onText);
        if (on == null) {
            throw ApiException.badRequest("on: expected failure or always, not '" + onText + "'");
        }
        String secret = Json.optionalString(body, "secret");
        Notification notification = new Notification(program, url, secret == null || secret.isEmpty() ? null : secret,
                on, null);
        if (!store.add(notification)) {
            throw new ApiException(Status.CONFLICT_409, "program '" + program + "' already notifies " + url
                    + "; remove it first to change it", Map.of());
        }
        Json.send(res, Status.CREATED_201, NotificationJson.of(store.of(program).stream()
                .filter(n -> n.url().equals(url)).findFirst().orElse(notification)));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        String program = req.query().first("program").orElse("");
        String url = req.query().first("url").orElse("");
        if (!store.remove(program, url)) {
            throw ApiException.notFound("program '" + program + "' does not notify '" + url + "'");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Only http(s) URLs with a host: a notification must not read files or speak other protocols. */
    static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.badRequest("url: the URL to notify is missing");
        }
        if (url.length() > MAX_URL) {
            throw ApiException.badRequest("url: longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("url: '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.badRequest("url: expected an http:// or https:// URL, not '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiException.badRequest("url: '" + url + "' names no host");
        }
        return url;
    }
}
