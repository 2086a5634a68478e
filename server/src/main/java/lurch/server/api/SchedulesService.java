package lurch.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import lurch.db.ProgramStore;
import lurch.db.Schedule;
import lurch.interpreter.eval.CronText.InvalidCronException;
import lurch.server.schedule.Scheduler;

/**
 * Schedules: {@code GET /api/schedules} lists them; {@code GET|PUT|DELETE /api/programs/NAME/schedule} reads, sets
 * ({@code {"cron": "0 3 * * *", "vars": {...}}}) and removes one program's.
 */
final class SchedulesService {

    private final ProgramStore programs;
    private final Scheduler scheduler;

    SchedulesService(ProgramStore programs, Scheduler scheduler) {
        this.programs = programs;
        this.scheduler = scheduler;
    }

    record ScheduleJson(String program, String cron, Map<String, String> vars, String nextStart, Long lastRun) {
        static ScheduleJson of(Schedule s) {
            return new ScheduleJson(s.program(), s.cron(), s.vars(), Json.time(s.nextStart()), s.lastRun());
        }
    }

    /** Under {@code /api/schedules}. */
    HttpService list() {
        return rules -> rules.get("/", (req, res) ->
                Json.ok(res, scheduler.list().stream().map(ScheduleJson::of).toList()));
    }

    /** Under {@code /api/programs}, before the routes that take the whole rest of the path as a name. */
    HttpService perProgram() {
        return (HttpRules rules) -> rules.get("/{+name}/schedule", ProgramPath.handler("schedule", this::get))
                .put("/{+name}/schedule", ProgramPath.handler("schedule", this::set))
                .delete("/{+name}/schedule", ProgramPath.handler("schedule", this::remove));
    }

    private void get(ProgramPath path, ServerRequest req, ServerResponse res) {
        Json.ok(res, ScheduleJson.of(scheduler.get(path.name())
                .orElseThrow(() -> ApiException.notFound(noSchedule(path.name())))));
    }

    private void set(ProgramPath path, ServerRequest req, ServerResponse res) {
        ProgramSettings.requireProgram(programs, path.name());
        JsonNode body = Json.body(req);
        String cron = Json.optionalString(body, "cron");
        if (cron == null) {
            throw ApiException.badRequest("cron: expected five fields, e.g. \"0 3 * * *\"");
        }
        Map<String, String> vars = ProgramsService.vars(body);
        try {
            Json.ok(res, ScheduleJson.of(scheduler.set(path.name(), cron, vars)));
        } catch (InvalidCronException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void remove(ProgramPath path, ServerRequest req, ServerResponse res) {
        if (!scheduler.remove(path.name())) {
            throw ApiException.notFound(noSchedule(path.name()));
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String noSchedule(String program) {
        return "program '" + program + "' has no schedule";
    }
}
