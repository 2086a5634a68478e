package lurch.server.api;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import lurch.db.ApiToken;
import lurch.db.Role;

/**
 * {@code /api/tokens}: per-client API tokens. {@code POST {"name": N, "role": R}} makes one and answers its text, the
 * only time it is shown; {@code GET} lists name, owner, role, created and last used; {@code DELETE /api/tokens/NAME}
 * revokes one at once. A token acts as the user whose token made it; it is an admin token unless made with
 * {@code "role": "viewer"}, which only reads.
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
        JsonNode body = Json.body(req);
        String name = Json.optionalString(body, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name: expected 1 to 100 letters, digits, '_', '.', '@' or '-',"
                    + " starting with a letter or digit");
        }
        Role role = Objects.requireNonNullElse(Json.optionalRole(body, "role"), Role.ADMIN);
        String token = tokens.add(name, Caller.of(req).owner(), role);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("role", role.word());
        answer.put("token", token);
        Json.send(res, Status.CREATED_201, answer);
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        tokens.revoke(req.path().pathParameters().get("name"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static Map<String, Object> json(ApiToken token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", token.name());
        body.put("owner", token.owner());
        body.put("role", token.role().word());
        body.put("created", Json.time(token.created()));
        body.put("last_used", Json.time(token.lastUsed()));
        return body;
    }
}
