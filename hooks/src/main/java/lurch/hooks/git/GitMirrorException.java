package lurch.hooks.git;

/** A mirror could not be created, fetched or read, or a revision or path in it does not exist or is unsafe. */
public class GitMirrorException extends Exception {
    public GitMirrorException(String message) {
        super(message);
    }

    public GitMirrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
