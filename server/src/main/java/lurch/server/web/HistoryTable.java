package lurch.server.web;

import java.util.List;
import java.util.function.Function;
import lurch.db.RunFigures;

/**
 * A program's past runs as table rows: duration, CPU and peak memory, each cell marked when it strays from the
 * program's usual (the mean and spread of all runs given, of which only the newest {@code shown} become rows).
 */
final class HistoryTable {

    /** A figure with its deviation mark: {@code css} for the style, {@code note} for words and the tooltip. */
    public record Cell(String text, String css, String note) {}

    public record Row(long id, String status, String creator, String created, Cell duration, Cell cpu, Cell memory,
               String exitCode) {}

    private HistoryTable() {}

    static List<Row> rows(List<RunFigures> runs, int shown) {
        List<RunFigures> finished = runs.stream().filter(r -> r.status().isFinal()).toList();
        Deviations duration = deviations(finished, RunFigures::durationSeconds);
        Deviations cpu = deviations(finished, HistoryTable::cpuSeconds);
        Deviations memory = deviations(finished, r -> (double) r.usage().memoryPeakBytes());
        return runs.stream().limit(shown).map(run -> {
            boolean done = run.status().isFinal();
            return new Row(run.id(), run.status().dbName(), run.creator() == null ? "" : run.creator(),
                    Figures.time(run.created()),
                    cell(Figures.seconds(run.durationSeconds()), done ? duration.level(run.durationSeconds()) : null),
                    cell(Figures.seconds(cpuSeconds(run)), done ? cpu.level(cpuSeconds(run)) : null),
                    cell(Figures.bytes(run.usage().memoryPeakBytes()),
                            done ? memory.level((double) run.usage().memoryPeakBytes()) : null),
                    Figures.exitCode(run.exitCode()));
        }).toList();
    }

    static double cpuSeconds(RunFigures run) {
        return run.usage().cpuUserSeconds() + run.usage().cpuSystemSeconds();
    }

    private static Deviations deviations(List<RunFigures> runs, Function<RunFigures, Double> figure) {
        return Deviations.of(runs.stream().map(figure).toList());
    }

    private static Cell cell(String text, Deviations.Level level) {
        Deviations.Level shown = level == null ? Deviations.Level.USUAL : level;
        return new Cell(text, shown.css, shown.note);
    }
}
