package lurch.server.api;

import io.helidon.common.uri.UriEncoding;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.server.artifacts.ArtifactPaths;
import lurch.server.artifacts.StoredArtifacts;

/**
 * {@code /api/runs/ID/artifacts}: the files a top run kept (a sub-run's number stands for its top run), as a JSON
 * list, and {@code /api/runs/ID/artifacts/PATH}: one file's bytes, as a download.
 */
final class ArtifactsService implements HttpService {

    private final RunStore runs;
    private final StoredArtifacts artifacts;

    ArtifactsService(RunStore runs, StoredArtifacts artifacts) {
        this.runs = runs;
        this.artifacts = artifacts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/artifacts", this::list)
                .get("/{id}/artifacts/{+path}", this::download);
    }

    private void list(ServerRequest req, ServerResponse res) {
        long topId = topOf(Params.runId(req));
        List<Map<String, Object>> list = artifacts.of(topId).stream().map(a -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", a.path());
            row.put("size", a.sizeBytes());
            return row;
        }).toList();
        Json.ok(res, list);
    }

    private void download(ServerRequest req, ServerResponse res) {
        long id = Params.runId(req);
        String path = artifactPath(req.path().rawPath(), id);
        long topId = topOf(id);
        try {
            StoredArtifacts.Opened opened = artifacts.open(topId, path)
                    .orElseThrow(() -> ApiException.notFound("run #" + topId + " kept no artifact '" + path + "'"));
            try (var channel = opened.channel()) {
                long size = channel.size();
                res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
                res.header(HeaderNames.CONTENT_DISPOSITION, contentDisposition(path));
                res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
                res.headers().contentLength(size);
                try (OutputStream out = res.outputStream()) {
                    channel.transferTo(0, size, Channels.newChannel(out));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve artifact '" + path + "' of run #" + topId, e);
        }
    }

    private long topOf(long id) {
        Run run = runs.get(id).orElseThrow(() -> ApiException.notFound("no run #" + id));
        return run.topId();
    }

    /**
     * The artifact path of {@code /api/runs/ID/artifacts/PATH}, cut from the raw (undecoded) request path and
     * decoded segment by segment: an encoded '/' or any '..' is refused, not resolved.
     */
    static String artifactPath(String rawPath, long id) {
        String prefix = "/api/runs/" + id + "/artifacts/";
        int at = rawPath.indexOf("/artifacts/");
        if (at < 0) {
            throw ApiException.badRequest("expected " + prefix + "PATH");
        }
        List<String> names = new ArrayList<>();
        for (String segment : rawPath.substring(at + "/artifacts/".length()).split("/", -1)) {
            String name = UriEncoding.decodeUri(segment);
            if (name.contains("/")) {
                throw ApiException.badRequest("artifact path: a name must not contain an encoded '/'");
            }
            names.add(name);
        }
        String path = String.join("/", names);
        ArtifactPaths.problem(path).ifPresent(problem -> {
            throw ApiException.badRequest("artifact path '" + path + "': " + problem);
        });
        return path;
    }

    /** A download with the file's own name, made safe for the header: other characters become '_'. */
    static String contentDisposition(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
