package lurch.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** {@code /static/}: the style sheet and the live-update script of module lurch-templates, read once. */
final class StaticAssets implements HttpService {

    private static final Map<String, String> TYPES = Map.of(
            "lurch.css", "text/css; charset=UTF-8",
            "live.js", "text/javascript; charset=UTF-8");

    private final Map<String, byte[]> files;

    StaticAssets() {
        files = Map.of("lurch.css", read("lurch.css"), "live.js", read("live.js"));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{file}", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        byte[] content = files.get(file);
        if (content == null) {
            throw PageException.notFound("no static file '" + file + "'");
        }
        res.header(HeaderNames.CONTENT_TYPE, TYPES.get(file));
        res.header(HeaderNames.CACHE_CONTROL, "max-age=300");
        res.send(content);
    }

    private static byte[] read(String file) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream("static/" + file)) {
            if (in == null) {
                throw new IllegalStateException("static/" + file + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
