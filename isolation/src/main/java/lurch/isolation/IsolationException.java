package lurch.isolation;

/** The isolation could not be built or a process could not be launched; the message says why. */
public class IsolationException extends Exception {

    public IsolationException(String message) {
        super(message);
    }

    public IsolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
