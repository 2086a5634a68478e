package lurch.db;

import java.time.Instant;
import java.util.Optional;

/** Logged-in sessions of the web pages. Only a hash of each session id is stored. */
public interface SessionStore {

    /** A live session: who is logged in, with the user's role now, and the token every form of the session must carry. */
    record Session(String user, Role role, String csrfToken, Instant expires) {}

    void create(String plainId, String user, String csrfToken, Instant expires);

    /** The session with this id, when it exists and has not expired at {@code now}. */
    Optional<Session> find(String plainId, Instant now);

    void delete(String plainId);

    /** Ends every session of {@code user} (a new password was set); returns how many. */
    int deleteAllOf(String user);

    /** Deletes sessions that expired before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
