package lurch.server.api;

import io.helidon.http.Status;
import java.util.List;
import java.util.Map;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.interpreter.Programs;

/** Parses and validates a program's text; stores its canonical form only when it has no error. */
final class ProgramImport {

    record DiagnosticJson(int line, int column, String message) {}

    private final ProgramStore programs;

    ProgramImport(ProgramStore programs) {
        this.programs = programs;
    }

    ProgramVersion save(String name, String text, String author) {
        Programs.Parsed parsed = Programs.parse(text);
        if (!parsed.ok()) {
            List<DiagnosticJson> diagnostics = parsed.diagnostics().stream()
                    .map(d -> new DiagnosticJson(d.position().line(), d.position().column(), d.message())).toList();
            throw new ApiException(Status.BAD_REQUEST_400, parsed.diagnostics().getFirst().toString(),
                    Map.of("diagnostics", diagnostics));
        }
        return programs.saveVersion(name, Programs.print(parsed.program()), author);
    }
}
