package lurch.server.cli;

import static lurch.server.cli.JsonData.object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code artifacts RUN} and {@code download RUN PATH [-o FILE]}: the files a run kept. */
final class ArtifactCommands {

    static final String ARTIFACTS_HEADER = "# path\tsize bytes";

    private final ApiClient api;
    private final PrintStream out;

    ArtifactCommands(ApiClient api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    void list(long run) {
        out.println(ARTIFACTS_HEADER);
        JsonData.list(api.getJson("/api/runs/" + run + "/artifacts")).forEach(item -> {
            Map<String, Object> artifact = object(item);
            out.println(artifact.get("path") + "\t" + Formats.value(artifact.get("size")));
        });
    }

    /** The bytes go to {@code -o FILE} (written whole, then moved into place) or to standard output. */
    void download(CliCommand.Download d) throws IOException {
        String path = "/api/runs/" + d.run() + "/artifacts/"
                + Arrays.stream(d.path().split("/", -1)).map(ApiClient::encode).collect(Collectors.joining("/"));
        try (InputStream in = api.stream(path)) {
            if (d.outputFile() == null) {
                in.transferTo(out);
                out.flush();
                return;
            }
            Path target = Path.of(d.outputFile()).toAbsolutePath();
            Path partial = Files.createTempFile(target.getParent(), ".lurch-download-", ".part");
            try {
                try (OutputStream file = Files.newOutputStream(partial)) {
                    in.transferTo(file);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
