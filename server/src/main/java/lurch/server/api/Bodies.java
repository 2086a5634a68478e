package lurch.server.api;

import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads request bodies as UTF-8 text with a size limit, answering 413 past it. */
final class Bodies {

    private Bodies() {}

    static String text(ServerRequest req, int maxBytes, String what) {
        if (!req.content().hasEntity()) {
            return "";
        }
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw tooLarge(what, maxBytes);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(what, maxBytes);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiException tooLarge(String what, int maxBytes) {
        return ApiException.tooLarge(what + " is larger than " + maxBytes + " bytes");
    }
}
