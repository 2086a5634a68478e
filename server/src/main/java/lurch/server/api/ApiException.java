package lurch.server.api;

import io.helidon.http.Status;
import java.util.Map;

/** A failed API call: the HTTP status, a message naming what is wrong, and optional extra JSON fields. */
final class ApiException extends RuntimeException {

    private final Status status;
    private final Map<String, Object> details;

    ApiException(Status status, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.details = Map.copyOf(details);
    }

    static ApiException badRequest(String message) {
        return new ApiException(Status.BAD_REQUEST_400, message, Map.of());
    }

    static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND_404, message, Map.of());
    }

    static ApiException tooLarge(String message) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, message, Map.of());
    }

    Status status() {
        return status;
    }

    Map<String, Object> details() {
        return details;
    }
}
