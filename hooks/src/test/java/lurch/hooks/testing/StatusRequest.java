package lurch.hooks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request {@link FakeForge} received and the status code it answered.
 *
 * @param rawPath the path as sent, still URL-encoded ({@code /api/v4/projects/group%2Fproject/statuses/SHA})
 * @param json    the body, or null when it was not JSON
 */
public record StatusRequest(String method, String rawPath, Headers headers, JsonNode json, int answer) {
    private static final Pattern STATUS_PATH = Pattern.compile(".*/(?:repos|projects)/(.+)/statuses/([^/]+)");

    /** The repository named in the path, decoded: {@code owner/repo} or {@code group/sub/project}. */
    public String repo() {
        return URLDecoder.decode(pathMatch().group(1), StandardCharsets.UTF_8);
    }

    /** The commit sha named in the path. */
    public String sha() {
        return pathMatch().group(2);
    }

    /** A field of the JSON body, e.g. {@code state}, or null. */
    public String field(String name) {
        return json == null || !json.hasNonNull(name) ? null : json.get(name).asText();
    }

    public String header(String name) {
        return headers.getFirst(name);
    }

    private Matcher pathMatch() {
        Matcher matcher = STATUS_PATH.matcher(rawPath);
        if (!matcher.matches()) {
            throw new IllegalStateException("not a commit-status path: " + rawPath);
        }
        return matcher;
    }
}
