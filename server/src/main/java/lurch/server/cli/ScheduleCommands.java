package lurch.server.cli;

import static lurch.server.cli.JsonData.list;
import static lurch.server.cli.JsonData.object;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;
import lurch.server.cli.CliCommand.ListSchedules;
import lurch.server.cli.CliCommand.RemoveSchedule;
import lurch.server.cli.CliCommand.SetSchedule;
import lurch.server.cli.CliCommand.SetTimeout;

/** {@code schedule set|list|rm} and {@code timeout}: when programs start on their own, and how long a run may take. */
final class ScheduleCommands {

    static final String SCHEDULES_HEADER = "# program\tcron\tvars\tnext start\tlast run";

    private final ApiClient api;
    private final Formats formats;
    private final PrintStream out;

    ScheduleCommands(ApiClient api, Formats formats, PrintStream out) {
        this.api = api;
        this.formats = formats;
        this.out = out;
    }

    void run(SetSchedule s) {
        Map<String, Object> set = object(api.sendJson("PUT", schedule(s.program()),
                Map.of("cron", s.cron(), "vars", s.vars())));
        out.println("Program " + s.program() + " scheduled \"" + set.get("cron") + "\"; next start "
                + formats.time(set.get("next_start")) + ".");
    }

    void run(ListSchedules l) {
        out.println(SCHEDULES_HEADER);
        list(api.getJson("/api/schedules")).forEach(s -> out.println(row(object(s))));
    }

    void run(RemoveSchedule r) {
        api.delete(schedule(r.program()));
        out.println("Schedule of program " + r.program() + " removed.");
    }

    void run(SetTimeout t) {
        api.sendJson("PUT", Subcommands.program(t.program()) + "/timeout", Map.of("seconds", t.seconds()));
        out.println(t.seconds() == 0 ? "Program " + t.program() + " has no timeout of its own."
                : "Program " + t.program() + " times out after " + t.seconds() + " s.");
    }

    /** Variables as {@code NAME=VALUE} separated by spaces, in name order. */
    String row(Map<String, Object> s) {
        Map<String, Object> vars = object(s.get("vars"));
        String shown = vars.isEmpty() ? Formats.NONE : vars.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return String.join("\t", String.valueOf(s.get("program")), String.valueOf(s.get("cron")), shown,
                formats.time(s.get("next_start")), Formats.value(s.get("last_run")));
    }

    private static String schedule(String program) {
        return Subcommands.program(program) + "/schedule";
    }
}
