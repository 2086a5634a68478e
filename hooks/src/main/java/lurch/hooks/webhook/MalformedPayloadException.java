package lurch.hooks.webhook;

/** A webhook body that is not JSON or lacks a field Lurch needs; the message names the payload and the field. */
public class MalformedPayloadException extends Exception {
    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
