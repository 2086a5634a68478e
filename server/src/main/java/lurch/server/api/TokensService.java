package lurch.server.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import lurch.db.ApiToken;

/**
 * {@code /api/tokens}: per-client API tokens. {@code POST {"name": N}} makes one and answers its text, the only time
 * it is shown; {@code GET} lists name, owner, created and last used; {@code DELETE /api/tokens/NAME} revokes one at
 * once. A token acts as the user whose token made it.
 */
final class TokensService implements HttpService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}");

    private final ApiTokens tokens;

    TokensService(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Json.ok(res, tokens.list().stream().map(TokensService::json).toList()))
                .post("/", this::add)
                .delete("/{name}", this::revoke);
    }

    private void add(ServerRequest req, ServerResponse res) {
        String name = Json.optionalString(Json.body(req), "name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name: expected 1 to 100 letters, digits, '_', '.', '@' or '-',"
                    + " starting with a letter or digit");
        }
        String token = tokens.add(name, Caller.of(req).owner());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("token", token);
        Json.send(res, Status.CREATED_201, body);
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        tokens.revoke(req.path().pathParameters().get("name"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static Map<String, Object> json(ApiToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", token.name());
        body.put("owner", token.owner());
        body.put("created", Json.time(token.created()));
        body.put("last_used", Json.time(token.lastUsed()));
        return body;
    }
}
