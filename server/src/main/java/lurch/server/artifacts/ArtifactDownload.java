package lurch.server.artifacts;

import io.helidon.common.uri.UriEncoding;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Serving one artifact over HTTP, for the API ({@code /api/runs/ID/artifacts/PATH}) and the run page
 * ({@code /runs/ID/artifacts/PATH}) alike: the path is cut from the raw request path and decoded segment by
 * segment (an encoded '/' or a '..' is refused, never resolved), the bytes go out as a download with their
 * length and a file name made safe for the header.
 */
public final class ArtifactDownload {

    private static final String MARK = "/artifacts/";

    private ArtifactDownload() {}

    /**
     * The artifact path after {@code /artifacts/} in {@code rawPath}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String path(String rawPath) {
        int at = rawPath.indexOf(MARK);
        if (at < 0) {
            throw new IllegalArgumentException("expected .../artifacts/PATH");
        }
        List<String> names = new ArrayList<>();
        for (String segment : rawPath.substring(at + MARK.length()).split("/", -1)) {
            String name = UriEncoding.decodeUri(segment);
            if (name.contains("/")) {
                throw new IllegalArgumentException("artifact path: a name must not contain an encoded '/'");
            }
            names.add(name);
        }
        String path = String.join("/", names);
        Optional<String> problem = ArtifactPaths.problem(path);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("artifact path '" + path + "': " + problem.get());
        }
        return path;
    }

    /** {@code path} as it goes into a URL: each name percent-encoded, '/' between them. */
    public static String encode(String path) {
        return List.of(path.split("/", -1)).stream().map(ArtifactDownload::percentEncoded).collect(Collectors.joining("/"));
    }

    /** How the API and the pages say that a request was wrong: their own exceptions, with the message given. */
    public record Refusals(Function<String, RuntimeException> badRequest, Function<String, RuntimeException> notFound) {}

    /** Answers a request for {@code .../artifacts/PATH} of top run {@code topId} with the file, or refuses it. */
    public static void serve(StoredArtifacts artifacts, long topId, String rawPath, ServerResponse res, Refusals refusals) {
        String path;
        try {
            path = path(rawPath);
        } catch (IllegalArgumentException e) {
            throw refusals.badRequest().apply(e.getMessage());
        }
        try {
            if (!send(artifacts, topId, path, res)) {
                throw refusals.notFound().apply("run #" + topId + " kept no artifact '" + path + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve artifact '" + path + "' of run #" + topId, e);
        }
    }

    /** Sends artifact {@code path} of top run {@code topId}; false (nothing sent) when the run kept no such file. */
    private static boolean send(StoredArtifacts artifacts, long topId, String path, ServerResponse res) throws IOException {
        Optional<StoredArtifacts.Opened> opened = artifacts.open(topId, path);
        if (opened.isEmpty()) {
            return false;
        }
        try (FileChannel channel = opened.get().channel()) {
            long size = channel.size();
            res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
            res.header(HeaderNames.CONTENT_DISPOSITION, contentDisposition(path));
            res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            res.headers().contentLength(size);
            try (OutputStream out = res.outputStream()) {
                channel.transferTo(0, size, Channels.newChannel(out));
            }
        }
        return true;
    }

    /** A download under the file's own name: ASCII letters, digits and ".-_" as is, the rest '_' (or RFC 5987). */
    static String contentDisposition(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''"
                + percentEncoded(name);
    }

    private static String percentEncoded(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }
}
