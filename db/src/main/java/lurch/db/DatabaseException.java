package lurch.db;

/** The database could not be reached, migrated or asked: the message says which database and what failed. */
public final class DatabaseException extends RuntimeException {

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
