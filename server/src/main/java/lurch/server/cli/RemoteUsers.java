package lurch.server.cli;

import static lurch.server.cli.JsonData.object;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.db.Role;
import lurch.db.UserStore.User;
import lurch.server.Config;
import lurch.server.api.UserAdmin;

/** The users of a running server, through {@code /api/users}; failures are {@link CliFailure}s. */
public final class RemoteUsers implements UserAdmin {

    private final ApiClient api;

    private RemoteUsers(ApiClient api) {
        this.api = api;
    }

    /** The server at {@code LURCH_URL}, when one answers there and there is an API token to ask it with. */
    public static Optional<UserAdmin> at(Config config) {
        ApiClient api;
        try {
            api = new ApiClient(config.url(), Cli.token(config));
        } catch (CliFailure | IOException e) {
            return Optional.empty(); // no token: no server ever ran with this LURCH_HOME
        }
        return api.answers() ? Optional.of(new RemoteUsers(api)) : Optional.empty();
    }

    @Override
    public boolean put(String name, String password, Role role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("password", password);
        body.put("role", role == null ? null : role.word());
        return Boolean.TRUE.equals(object(api.postJson("/api/users", body)).get("added"));
    }

    @Override
    public List<User> list() {
        return JsonData.list(api.getJson("/api/users")).stream().map(JsonData::object)
                .map(u -> new User(String.valueOf(u.get("name")), Role.of(String.valueOf(u.get("role"))),
                        Instant.parse(String.valueOf(u.get("created")))))
                .toList();
    }

    /** Answers true or fails with the server's "no user named ..." */
    @Override
    public boolean remove(String name) {
        api.delete("/api/users/" + ApiClient.encode(name));
        return true;
    }
}
