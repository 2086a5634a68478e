package lurch.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens, one per client, by name. Only a hash of each token is stored. */
public interface TokenStore {

    /** Stores a new token {@code name} acting as {@code owner}; false (storing nothing) when the name is taken. */
    boolean add(String name, String owner, Role role, String plainToken);

    /** Stores the admin token {@code name}, revoking the one of that name that was there before. */
    void replace(String name, String owner, String plainToken);

    /** The token, when it is valid. */
    Optional<ApiToken> find(String plainToken);

    /** Records that {@code name} was used at {@code when}. */
    void used(String name, Instant when);

    /** All tokens, by name. */
    List<ApiToken> list();

    /** Revokes the token; false when there was none of that name. */
    boolean remove(String name);

    boolean any();
}
