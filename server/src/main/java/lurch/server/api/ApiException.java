package lurch.server.api;

import io.helidon.http.Status;
import java.util.Map;

/** A failed API call: the HTTP status, a message naming what is wrong, and optional extra JSON fields. */
public final class ApiException extends RuntimeException {

    private final Status status;
    private final Map<String, Object> details;

    public ApiException(Status status, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.details = Map.copyOf(details);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Status.BAD_REQUEST_400, message, Map.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND_404, message, Map.of());
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, message, Map.of());
    }

    Status status() {
        return status;
    }

    Map<String, Object> details() {
        return details;
    }
}
