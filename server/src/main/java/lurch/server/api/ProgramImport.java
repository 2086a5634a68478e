package lurch.server.api;

import io.helidon.http.Status;
import java.util.Map;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.server.engine.ProgramVersions;

/** Saves a program's text through {@link ProgramVersions}, its errors as a 400 answer with their positions. */
final class ProgramImport {

    record DiagnosticJson(int line, int column, String message) {}

    private final ProgramVersions versions;

    ProgramImport(ProgramStore programs) {
        this.versions = new ProgramVersions(programs);
    }

    ProgramVersion save(String name, String text, String author) {
        return switch (versions.save(name, text, author)) {
            case ProgramVersions.Stored stored -> stored.version();
            case ProgramVersions.Invalid invalid -> throw new ApiException(Status.BAD_REQUEST_400,
                    invalid.errors().getFirst().toString(), Map.of("diagnostics", invalid.errors().stream()
                            .map(d -> new DiagnosticJson(d.position().line(), d.position().column(), d.message()))
                            .toList()));
        };
    }
}
