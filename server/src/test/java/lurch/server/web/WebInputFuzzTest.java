package lurch.server.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzz targets for what visitors and programs hand the pages: log lines with any escape sequences (rendered by
 * {@link AnsiText}) and form bodies of any bytes (decoded by the server, then checked by {@link FormFields}).
 * {@code ./mvnw verify} replays the committed seeds under {@code WebInputFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/operations.md).
 */
class WebInputFuzzTest {
    private static final Pattern CSS = Pattern.compile("((fg|bg)(1[0-5]|[0-9])|b|i|u)( ((fg|bg)(1[0-5]|[0-9])|b|i|u))*");
    private static final Set<Integer> FORM_ANSWERS = Set.of(303, 400, 401, 403, 404, 409, 413, 429);

    @FuzzTest(maxDuration = "2m")
    void ansi(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        for (AnsiText.Piece piece : AnsiText.pieces(line)) {
            assertFalse(piece.text().isEmpty());
            assertFalse(piece.text().indexOf('\u001b') >= 0, "no escape character reaches the page");
            assertTrue(piece.css().isEmpty() || CSS.matcher(piece.css()).matches(), piece::css);
        }
    }

    /** One server for the whole run: starting one per input would measure start-up, not decoding. */
    private static final class Server {
        static final WebFixture WEB = start();
        static final String SESSION;
        static {
            try {
                WEB.program("fuzzed", "(no-op 0)");
                SESSION = WEB.login();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static WebFixture start() {
            try {
                WebFixture web = new WebFixture();
                Runtime.getRuntime().addShutdownHook(new Thread(web::close));
                return web;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void form(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        // The first byte picks the form: the login (no session) or a logged-in page action.
        boolean login = (input[0] & 1) == 0;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(Server.WEB.base
                        + (login ? "/login" : "/programs/fuzzed")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(input, 1, input.length)));
        if (!login) {
            req.header("Cookie", Server.SESSION);
        }
        HttpResponse<String> res = Server.WEB.http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(FORM_ANSWERS.contains(res.statusCode()), () -> res.statusCode() + ": " + res.body());
    }
}
