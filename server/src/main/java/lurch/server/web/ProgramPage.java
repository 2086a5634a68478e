package lurch.server.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.db.RunHistory;
import lurch.interpreter.Diagnostic;
import lurch.interpreter.Programs;
import lurch.server.engine.ProgramVersions;
import lurch.server.engine.RunControl;

/**
 * {@code /programs/NAME}: the program as canonical text and as a tree, its versions with diffs, a start form,
 * an editor, its schedule and timeout, and its past runs. POST with {@code action=save} stores an edit only when it
 * is valid (otherwise the page comes back with each error marked at its line and column); {@code action=start}
 * starts a run; the schedule and timeout actions are {@link ProgramSettingsForm}'s.
 */
final class ProgramPage implements HttpService {

    static final int RUNS_SHOWN = 50;
    /** Runs that make up a program's "usual" for the deviation marks. */
    static final int RUNS_FOR_USUAL = 200;
    static final String VARIABLE_FIELD = "var.";

    private final ProgramStore programs;
    private final RunHistory history;
    private final RunControl control;
    private final Pages pages;
    private final ProgramSettingsForm settings;

    ProgramPage(ProgramStore programs, RunHistory history, RunControl control, Pages pages,
                ProgramSettingsForm settings) {
        this.programs = programs;
        this.history = history;
        this.control = control;
        this.pages = pages;
        this.settings = settings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{+name}", this::show)
                .post("/{+name}", PostForm.handler(this::act));
    }

    private void show(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        pages.render(req, res, "program", model(req, name, null, List.of()));
    }

    private void act(PostForm form, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        String action = form.text("action");
        if (ProgramSettingsForm.ACTIONS.contains(action)) {
            requireProgram(name);
            settings.act(action, form, res, name);
            return;
        }
        switch (action) {
            case "save" -> save(form, req, res, name);
            case "start" -> start(form, res, name);
            default -> throw PageException.badRequest("action must be 'save', 'start', 'schedule', 'unschedule' or"
                    + " 'timeout', not '" + action + "'");
        }
    }

    private void save(PostForm form, ServerRequest req, ServerResponse res, String name) {
        String text = form.text("source");
        if (new ProgramVersions(programs).save(name, text, form.viewer().creator())
                instanceof ProgramVersions.Invalid invalid) {
            pages.render(req, res, Status.BAD_REQUEST_400, "program", model(req, name, text, invalid.errors()));
            return;
        }
        res.status(Status.SEE_OTHER_303).header("Location", Links.program(name)).send();
    }

    private void start(PostForm form, ServerResponse res, String name) {
        Map<String, String> presets = new LinkedHashMap<>();
        form.fields().names().stream().filter(field -> field.startsWith(VARIABLE_FIELD))
                .forEach(field -> presets.put(field.substring(VARIABLE_FIELD.length()), form.text(field)));
        try {
            long run = control.start(shownVersion(form, name), presets, Map.of(), form.viewer().creator(), null).id();
            res.status(Status.SEE_OTHER_303).header("Location", Links.run(run)).send();
        } catch (RunControl.NoSuchProgramException e) {
            throw PageException.notFound(e.getMessage());
        }
    }

    /**
     * The version the page showed when its start form was sent (field {@code version}), so that a version saved
     * meanwhile is not the one run; the latest when the form names none.
     */
    private ProgramVersion shownVersion(PostForm form, String name) {
        String shown = form.text("version");
        if (shown.isEmpty()) {
            return control.latest(name);
        }
        return programs.versions(name).stream().filter(v -> Integer.toString(v.version()).equals(shown)).findFirst()
                .orElseThrow(() -> PageException.notFound("program '" + name + "' has no version " + shown));
    }

    private void requireProgram(String name) {
        if (programs.latest(name).isEmpty()) {
            throw PageException.notFound("no program named '" + name + "'");
        }
    }

    /** The page's model; {@code edited} and {@code errors} are set when a rejected edit comes back. */
    private Map<String, Object> model(ServerRequest req, String name, String edited, List<Diagnostic> errors) {
        List<ProgramVersion> versions = programs.versions(name);
        if (versions.isEmpty()) {
            throw PageException.notFound("no program named '" + name + "'");
        }
        int wanted = WebParams.integer(req, "version", versions.getFirst().version(), 1, Integer.MAX_VALUE);
        ProgramVersion shown = versions.stream().filter(v -> v.version() == wanted).findFirst()
                .orElseThrow(() -> PageException.notFound("program '" + name + "' has no version " + wanted));
        Map<String, Object> model = new HashMap<>();
        model.put("name", name);
        model.put("link", Links.program(name));
        model.put("versions", versions);
        model.put("shown", shown);
        model.put("latest", shown.version() == versions.getFirst().version());
        model.put("outline", ProgramOutline.of(Programs.parse(shown.source()).program()));
        Optional<List<LineDiff.Line>> diff = diffToPrevious(versions, shown);
        model.put("diff", diff.orElse(List.of()));
        model.put("diffTooLarge", diff.isEmpty());
        model.put("editor", SourceMarks.of(edited == null ? shown.source() : edited, errors));
        model.put("runs", HistoryTable.rows(history.recent(name, RUNS_FOR_USUAL), RUNS_SHOWN));
        model.putAll(settings.model(name));
        return model;
    }

    /**
     * The changes that made {@code shown} from the version before it (none for the first version); empty
     * when they are too large to diff.
     */
    private static Optional<List<LineDiff.Line>> diffToPrevious(List<ProgramVersion> versions, ProgramVersion shown) {
        return versions.stream().filter(v -> v.version() < shown.version()).findFirst()
                .map(previous -> LineDiff.of(previous.source(), shown.source())).orElse(Optional.of(List.of()));
    }
}
