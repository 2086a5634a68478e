package lurch.db;

import java.util.Optional;

/** People who may log in to the web pages. The store keeps what it is given as the password hash, never a password. */
public interface UserStore {

    /** Adds a user, or replaces the password hash of an existing one; true when the user is new. */
    boolean put(String name, String passwordHash);

    /** The stored password hash of {@code name}, when such a user exists. */
    Optional<String> passwordHash(String name);

    boolean any();
}
