package lurch.server.web;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lurch.db.ProgramStore;
import lurch.db.ProgramSummary;
import lurch.db.RunFigures;
import lurch.db.RunHistory;
import lurch.db.RunStatus;

/** {@code /stats}: per program, charts over its recent runs of duration, CPU, peak memory and success rate. */
final class StatsPage implements HttpService {

    static final int RUNS_CHARTED = 100;
    /** The success rate at a run is that of the runs up to it in a window of this many. */
    static final int SUCCESS_WINDOW = 10;

    /** One program's charts; {@code successRate} in percent over its finished charted runs. */
    public record ProgramStats(String name, String link, int runs, String successRate, List<SvgChart> charts) {}

    private final ProgramStore programs;
    private final RunHistory history;
    private final Pages pages;

    StatsPage(ProgramStore programs, RunHistory history, Pages pages) {
        this.programs = programs;
        this.history = history;
        this.pages = pages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/stats", this::stats);
    }

    private void stats(ServerRequest req, ServerResponse res) {
        List<ProgramStats> stats = new ArrayList<>();
        for (ProgramSummary program : programs.list()) {
            List<RunFigures> runs = history.recent(program.name(), RUNS_CHARTED).stream()
                    .filter(run -> run.status().isFinal()).toList().reversed();
            if (!runs.isEmpty()) {
                stats.add(of(program.name(), runs));
            }
        }
        pages.render(req, res, "stats", Map.of("stats", stats));
    }

    static ProgramStats of(String name, List<RunFigures> runs) {
        List<SvgChart> charts = List.of(
                SvgChart.of("Duration", runs, run -> nonNull(run.durationSeconds()), Figures::seconds),
                SvgChart.of("CPU (user + system)", runs, HistoryTable::cpuSeconds, Figures::seconds),
                SvgChart.of("Peak memory", runs, run -> run.usage().memoryPeakBytes(),
                        bytes -> Figures.bytes(bytes.longValue())),
                SvgChart.of("Success rate (last " + SUCCESS_WINDOW + " runs)", runs,
                        run -> successRate(runs, runs.indexOf(run)), StatsPage::percent));
        return new ProgramStats(name, Links.program(name), runs.size(),
                percent(successRate(runs, runs.size() - 1, runs.size())), charts);
    }

    private static double successRate(List<RunFigures> runs, int at) {
        return successRate(runs, at, SUCCESS_WINDOW);
    }

    private static double successRate(List<RunFigures> runs, int at, int window) {
        List<RunFigures> recent = runs.subList(Math.max(0, at + 1 - window), at + 1);
        return 100.0 * recent.stream().filter(run -> run.status() == RunStatus.SUCCESS).count() / recent.size();
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f %%", value);
    }

    private static double nonNull(Double value) {
        return value == null ? 0 : value;
    }
}
