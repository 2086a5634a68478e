package lurch.server.web;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import lurch.db.Schedule;
import lurch.db.TimeoutStore;
import lurch.interpreter.eval.CronText.InvalidCronException;
import lurch.server.schedule.Scheduler;

/**
 * The program page's schedule and whole-run timeout: what the page shows of them, and its forms
 * ({@code action=schedule} with {@code cron} and {@code schedule.NAME} answers, {@code action=unschedule},
 * {@code action=timeout} with {@code seconds}).
 */
final class ProgramSettingsForm {

    static final Set<String> ACTIONS = Set.of("schedule", "unschedule", "timeout");
    static final String SCHEDULE_VARIABLE_FIELD = "schedule.";

    private final Scheduler scheduler;
    private final TimeoutStore timeouts;

    ProgramSettingsForm(Scheduler scheduler, TimeoutStore timeouts) {
        this.scheduler = scheduler;
        this.timeouts = timeouts;
    }

    /**
     * {@code schedule} (null when none), its answers as {@code scheduleVars} ("NAME=VALUE ...") and
     * {@code timeoutSeconds} (0 when none) of the page's model.
     */
    Map<String, Object> model(String program) {
        Map<String, Object> model = new LinkedHashMap<>();
        Schedule schedule = scheduler.get(program).orElse(null);
        model.put("schedule", schedule);
        model.put("scheduleVars", schedule == null ? "" : new TreeMap<>(schedule.vars()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        model.put("timeoutSeconds", timeouts.programTimeout(program).orElse(0));
        return model;
    }

    void act(String action, PostForm form, ServerResponse res, String program) {
        switch (action) {
            case "schedule" -> {
                Map<String, String> vars = new LinkedHashMap<>();
                form.fields().names().stream().filter(field -> field.startsWith(SCHEDULE_VARIABLE_FIELD))
                        .forEach(field -> vars.put(field.substring(SCHEDULE_VARIABLE_FIELD.length()), form.text(field)));
                try {
                    scheduler.set(program, form.text("cron"), vars);
                } catch (InvalidCronException e) {
                    throw PageException.badRequest("Schedule not saved: " + e.getMessage() + ".");
                }
            }
            case "unschedule" -> scheduler.remove(program);
            case "timeout" -> timeouts.setProgramTimeout(program, seconds(form.text("seconds")));
            default -> throw new IllegalArgumentException(action);
        }
        res.status(Status.SEE_OTHER_303).header("Location", Links.program(program) + "#settings").send();
    }

    private static long seconds(String text) {
        String trimmed = text.strip();
        long seconds = trimmed.matches("\\d{1,10}") ? Long.parseLong(trimmed) : -1;
        if (seconds < 0 || seconds > TimeoutStore.MAX_SECONDS) {
            throw PageException.badRequest("Timeout not saved: seconds must be a whole number from 0 (none) to "
                    + TimeoutStore.MAX_SECONDS + ", not '" + text + "'.");
        }
        return seconds;
    }
}
