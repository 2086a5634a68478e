package lurch.server.api;

import java.util.List;
import lurch.db.Role;
import lurch.db.UserStore.User;

/** Adding, listing and removing the users of the web pages: the port {@code /api/users} and the offline CLI use. */
public interface UserAdmin {

    /**
     * Adds a user or sets a new password (ending the user's sessions); true when the user is new.
     *
     * @param role null keeps an existing user's role and makes a new user an admin
     * @throws IllegalArgumentException naming what is wrong with the name or password
     */
    boolean put(String name, String password, Role role);

    List<User> list();

    /** Removes the user, logging them out and revoking the API tokens they made; false when there is none of that name. */
    boolean remove(String name);
}
