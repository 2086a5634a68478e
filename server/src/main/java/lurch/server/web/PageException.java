package lurch.server.web;

import io.helidon.http.Status;

/** A page request that cannot be served: the status and a sentence naming what is wrong, shown on an error page. */
final class PageException extends RuntimeException {

    private final Status status;

    PageException(Status status, String message) {
        super(message);
        this.status = status;
    }

    static PageException notFound(String message) {
        return new PageException(Status.NOT_FOUND_404, message);
    }

    static PageException badRequest(String message) {
        return new PageException(Status.BAD_REQUEST_400, message);
    }

    Status status() {
        return status;
    }
}
