package lurch.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import lurch.db.Role;
import lurch.db.UserStore.User;

/**
 * {@code /api/users}: the users of the web pages. {@code GET} lists name, role and created; {@code POST
 * {"name": N, "password": P, "role": R}} adds one (201) or sets a new password and, when given, a new role (200);
 * {@code DELETE /api/users/NAME} removes one, ends their sessions and revokes the API tokens they made (409 for the
 * last admin). Changes need an admin token.
 */
final class UsersService implements HttpService {

    private final UserAdmin users;

    UsersService(UserAdmin users) {
        this.users = users;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Json.ok(res, users.list().stream().map(UsersService::json).toList()))
                .post("/", this::put)
                .delete("/{name}", this::remove);
    }

    private void put(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.body(req);
        String name = Json.optionalString(body, "name");
        String password = Json.optionalString(body, "password");
        if (name == null || password == null) {
            throw ApiException.badRequest("the body needs \"name\" and \"password\"");
        }
        Role role = Json.optionalRole(body, "role");
        boolean added;
        try {
            added = users.put(name, password, role);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        User user = users.list().stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.notFound("user '" + name + "' was removed at the same time"));
        Map<String, Object> answer = json(user);
        answer.put("added", added);
        Json.send(res, added ? Status.CREATED_201 : Status.OK_200, answer);
    }

    private void remove(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        boolean removed;
        try {
            removed = users.remove(name);
        } catch (IllegalArgumentException e) {
            throw new ApiException(Status.CONFLICT_409, e.getMessage(), Map.of());
        }
        if (!removed) {
            throw ApiException.notFound("no user named '" + name + "'");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private static Map<String, Object> json(User user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", user.name());
        body.put("role", user.role().word());
        body.put("created", Json.time(user.created()));
        return body;
    }
}
