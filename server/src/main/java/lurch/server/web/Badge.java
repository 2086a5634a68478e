package lurch.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import lurch.db.RunFigures;
import lurch.db.RunHistory;
import lurch.db.RunStatus;

/**
 * {@code /badge/NAME.svg}: "build | passing" (last finished run succeeded), "failing" or "unknown", for a README.
 * Always public, like the badges of hosted CI services, and never cached by the image proxies of forges.
 */
final class Badge implements HttpService {

    /** Recent runs looked at to find the last finished one past those still going. */
    private static final int LOOK_BACK = 20;

    private final RunHistory history;

    Badge(RunHistory history) {
        this.history = history;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{+file}", this::badge);
    }

    enum State {
        PASSING("passing", "#2e7d32"), FAILING("failing", "#c62828"), UNKNOWN("unknown", "#757575");

        final String word;
        final String colour;

        State(String word, String colour) {
            this.word = word;
            this.colour = colour;
        }
    }

    private void badge(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        if (!file.endsWith(".svg")) {
            throw PageException.notFound("badges are at /badge/NAME.svg");
        }
        State state = state(file.substring(0, file.length() - 4));
        res.header(HeaderNames.CONTENT_TYPE, "image/svg+xml");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, max-age=0");
        res.send(svg(state));
    }

    State state(String program) {
        return history.recent(program, LOOK_BACK).stream().map(RunFigures::status).filter(RunStatus::isFinal)
                .findFirst().map(status -> status == RunStatus.SUCCESS ? State.PASSING : State.FAILING)
                .orElse(State.UNKNOWN);
    }

    /** Only fixed words go into the image: the program name never does, so nothing needs escaping. */
    static String svg(State state) {
        int right = 8 + state.word.length() * 7;
        int width = 44 + right;
        return """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="build: %s">
                <title>build: %s</title>
                <rect width="44" height="20" fill="#555"/><rect x="44" width="%d" height="20" fill="%s"/>
                <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
                <text x="6" y="14">build</text><text x="50" y="14">%s</text></g></svg>
                """.formatted(width, state.word, state.word, right, state.colour, state.word);
    }
}
