package lurch.server.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import lurch.db.Role;
import lurch.db.SessionStore;
import lurch.db.UserStore;
import lurch.db.UserStore.User;
import lurch.server.api.UserAdmin;

/** Users and their sessions: adding users, logging in and out, and the first admin of a fresh server. */
public final class Accounts implements UserAdmin {

    static final Duration SESSION_LIFETIME = Duration.ofDays(7);
    static final String FIRST_ADMIN = "admin";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MIN_PASSWORD = 8;

    private final UserStore users;
    private final SessionStore sessions;
    private final Clock clock;

    public Accounts(UserStore users, SessionStore sessions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Adds a user or sets a new password; true when the user is new. A new password ends every session of
     * the user: whoever logged in with the old one (a thief of it included) is logged out.
     */
    @Override
    public boolean put(String name, String password, Role role) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD + " characters");
        }
        boolean added = users.put(name, Passwords.hash(password), role);
        if (!added) {
            sessions.deleteAllOf(name);
        }
        return added;
    }

    /** On a server without users: creates {@value #FIRST_ADMIN} with a random password, which it answers once. */
    public Optional<String> ensureFirstAdmin() {
        if (users.any()) {
            return Optional.empty();
        }
        String password = Passwords.randomToken().substring(0, 20);
        put(FIRST_ADMIN, password, Role.ADMIN);
        return Optional.of(password);
    }

    @Override
    public List<User> list() {
        return users.list();
    }

    @Override
    public boolean remove(String name) {
        return users.remove(name);
    }

    /** A new session id when name and password match, which the caller hands out as a cookie. */
    Optional<String> login(String name, String password) {
        if (!Passwords.matches(password, users.passwordHash(name).orElse(null))) {
            return Optional.empty();
        }
        sessions.deleteExpired(clock.instant());
        String id = Passwords.randomToken();
        sessions.create(id, name, Passwords.randomToken(), clock.instant().plus(SESSION_LIFETIME));
        return Optional.of(id);
    }

    Optional<Viewer> viewer(String sessionId) {
        return sessions.find(sessionId, clock.instant()).map(s -> new Viewer(s.user(), s.role(), s.csrfToken()));
    }

    void logout(String sessionId) {
        sessions.delete(sessionId);
    }
}
