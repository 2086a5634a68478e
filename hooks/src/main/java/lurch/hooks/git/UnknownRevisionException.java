package lurch.hooks.git;

/** A revision that names no branch, tag or commit of a mirror; the message is Lurch's own and safe to show. */
public final class UnknownRevisionException extends GitMirrorException {
    public UnknownRevisionException(String message) {
        super(message);
    }
}
