package lurch.server.api;

import io.helidon.common.uri.UriEncoding;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A program name and what follows it in {@code /api/programs/NAME/...}, taken from the raw path.
 * Helidon decodes %2F before matching routes, so routes match greedily and the name is cut here
 * from the undecoded path: an encoded '/' stays inside the name, a literal '/' separates segments.
 *
 * @param name the decoded program name
 * @param rest the decoded segments after the name
 */
record ProgramPath(String name, List<String> rest) {

    private static final String PREFIX = "/api/programs/";

    /** A handler of requests about one program. */
    interface Action {
        void handle(ProgramPath path, ServerRequest req, ServerResponse res);
    }

    /**
     * The path split so that the segments after the name match {@code suffix} ("" for none,
     * "versions", "secrets/*" where '*' is any one segment); empty when it cannot be.
     */
    static Optional<ProgramPath> of(String rawPath, String suffix) {
        if (!rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        List<String> expected = suffix.isEmpty() ? List.of() : List.of(suffix.split("/"));
        String[] segments = rawPath.substring(PREFIX.length()).split("/", -1);
        int nameSegments = segments.length - expected.size();
        if (nameSegments < 1) {
            return Optional.empty();
        }
        List<String> rest = Arrays.stream(segments, nameSegments, segments.length).map(UriEncoding::decodeUri).toList();
        for (int i = 0; i < rest.size(); i++) {
            if (!expected.get(i).equals("*") && !expected.get(i).equals(rest.get(i))) {
                return Optional.empty();
            }
        }
        String name = UriEncoding.decodeUri(String.join("/", Arrays.copyOf(segments, nameSegments)));
        return name.isEmpty() ? Optional.empty() : Optional.of(new ProgramPath(name, rest));
    }

    /**
     * A route handler for paths ending in {@code suffix} after the name; a path that only matched
     * because Helidon decoded a %2F inside the name goes on to the next route.
     */
    static Handler handler(String suffix, Action action) {
        return (req, res) -> {
            Optional<ProgramPath> path = of(req.prologue().uriPath().rawPath(), suffix);
            if (path.isPresent()) {
                action.handle(path.get(), req, res);
            } else {
                res.next();
            }
        };
    }
}
