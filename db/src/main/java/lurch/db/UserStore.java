package lurch.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** People who may log in to the web pages. The store keeps what it is given as the password hash, never a password. */
public interface UserStore {

    /** A user as listed: never the password hash. */
    record User(String name, Role role, Instant created) {}

    /**
     * Adds a user, or replaces the password hash of an existing one; true when the user is new.
     *
     * @param role the user's role from now on; null keeps an existing user's and makes a new one an admin
     * @throws IllegalArgumentException when this would make the last admin a viewer
     */
    boolean put(String name, String passwordHash, Role role);

    /** The stored password hash of {@code name}, when such a user exists. */
    Optional<String> passwordHash(String name);

    /** Every user, by name. */
    List<User> list();

    /**
     * Removes the user, their sessions and the API tokens they made; false when there was none of that name.
     *
     * @throws IllegalArgumentException when the user is the last admin
     */
    boolean remove(String name);

    boolean any();
}
