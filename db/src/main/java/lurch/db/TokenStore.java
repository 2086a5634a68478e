package lurch.db;

import java.util.Optional;

/** API tokens. Only a hash of each token is stored. */
public interface TokenStore {

    /** Stores a new token for {@code owner}; the caller keeps the plain text. */
    void add(String owner, String plainToken);

    /** The owner of the token, when it is valid. */
    Optional<String> ownerOf(String plainToken);

    boolean any();
}
