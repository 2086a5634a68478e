package lurch.server.api;

import io.helidon.http.HeaderNames;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lurch.db.ProgramStore;
import lurch.db.ProgramSummary;
import lurch.db.ProgramVersion;
import lurch.db.Run;
import lurch.server.engine.RunControl;

/** {@code /api/programs}: list, export, import (validated, stored canonical), versions and start of programs. */
final class ProgramsService implements HttpService {

    static final int MAX_PROGRAM_BYTES = 1024 * 1024;

    private final ProgramStore programs;
    private final ProgramImport importer;
    private final RunControl control;

    ProgramsService(ProgramStore programs, RunControl control) {
        this.programs = programs;
        this.importer = new ProgramImport(programs);
        this.control = control;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{+name}/versions", ProgramPath.handler("versions", this::versions))
                .post("/{+name}/runs", ProgramPath.handler("runs", this::start))
                .get("/{+name}", ProgramPath.handler("", this::export))
                .put("/{+name}", ProgramPath.handler("", this::save));
    }

    record ProgramJson(String name, int version, Long lastRun, String lastStatus, String lastStart,
                       String lastStop, Integer lastExitCode) {
        static ProgramJson of(ProgramSummary p) {
            return new ProgramJson(p.name(), p.version(), p.lastRunId(),
                    p.lastStatus() == null ? null : p.lastStatus().dbName(),
                    Json.time(p.lastStart()), Json.time(p.lastStop()), p.lastExitCode());
        }
    }

    record VersionJson(int version, String created, String author) {}

    record SavedJson(String name, int version) {}

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, programs.list().stream().map(ProgramJson::of).toList());
    }

    private void export(ProgramPath path, ServerRequest req, ServerResponse res) {
        int wanted = Params.query(req, "version", 0, 1, Integer.MAX_VALUE);
        ProgramVersion version = (wanted == 0 ? programs.latest(path.name()) : programs.versions(path.name()).stream()
                .filter(v -> v.version() == wanted).findFirst())
                .orElseThrow(() -> ApiException.notFound(wanted == 0 ? noProgram(path.name())
                        : "program '" + path.name() + "' has no version " + wanted));
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        res.send(version.source());
    }

    private void save(ProgramPath path, ServerRequest req, ServerResponse res) {
        String name = Names.program(path.name());
        String text = Bodies.text(req, MAX_PROGRAM_BYTES, "program text");
        ProgramVersion saved = importer.save(name, text, Caller.of(req).by());
        Json.ok(res, new SavedJson(saved.name(), saved.version()));
    }

    private void versions(ProgramPath path, ServerRequest req, ServerResponse res) {
        List<ProgramVersion> versions = programs.versions(path.name());
        if (versions.isEmpty()) {
            throw ApiException.notFound(noProgram(path.name()));
        }
        Json.ok(res, versions.stream()
                .map(v -> new VersionJson(v.version(), Json.time(v.created()), v.author())).toList());
    }

    /** Body {@code {"vars": {"NAME": "VALUE"}}}, optional: answers the program's lets upfront. */
    private void start(ProgramPath path, ServerRequest req, ServerResponse res) {
        Map<String, String> presets = vars(Json.body(req));
        Run run = control.start(control.latest(path.name()), presets, Map.of(), Caller.of(req).by(), null);
        Json.send(res, Status.CREATED_201, Map.of("run", run.id()));
    }

    /** The optional {@code "vars"} of a body: an object of names to strings, the answers of a program's lets. */
    static Map<String, String> vars(JsonNode body) {
        JsonNode vars = body.path("vars");
        if (!vars.isMissingNode() && !vars.isNull() && !vars.isObject()) {
            throw ApiException.badRequest("vars: expected an object of names to strings");
        }
        Map<String, String> presets = new LinkedHashMap<>();
        vars.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("vars." + e.getKey() + ": expected a string");
            }
            presets.put(e.getKey(), e.getValue().asText());
        });
        return presets;
    }

    static String noProgram(String name) {
        return "no program named '" + name + "'";
    }
}
