package lurch.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import lurch.db.RunFigures;
import lurch.db.RunStatus;

/**
 * A line chart of one figure over a program's runs, drawn by the template as inline SVG (no script). Each run is
 * a marker whose shape tells its outcome (circle success, cross failure, square cancelled or unfinished) and whose
 * tooltip says run, value and outcome, so the chart reads without colour.
 */
public record SvgChart(String title, int width, int height, String line, List<Marker> markers, String top, String bottom,
                String first, String last) {

    static final int WIDTH = 600;
    static final int HEIGHT = 160;
    private static final int PAD = 14;

    /** A run on the chart: {@code path} draws its shape, {@code css} colours it, {@code label} is its tooltip. */
    public record Marker(String path, String css, String label) {}

    /**
     * @param runs oldest first
     */
    static SvgChart of(String title, List<RunFigures> runs, ToDoubleFunction<RunFigures> figure,
                       Function<Double, String> format) {
        double max = runs.stream().mapToDouble(figure).max().orElse(0);
        double min = Math.min(0, runs.stream().mapToDouble(figure).min().orElse(0));
        double span = max - min == 0 ? 1 : max - min;
        double step = runs.size() < 2 ? 0 : (WIDTH - 2.0 * PAD) / (runs.size() - 1);
        StringBuilder line = new StringBuilder();
        List<Marker> markers = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunFigures run = runs.get(i);
            double value = figure.applyAsDouble(run);
            double x = PAD + i * step;
            double y = HEIGHT - PAD - (value - min) / span * (HEIGHT - 2.0 * PAD);
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            markers.add(new Marker(shape(run.status(), x, y), "mark-" + run.status().dbName(),
                    "run #" + run.id() + ": " + format.apply(value) + " (" + run.status().dbName() + ")"));
        }
        return new SvgChart(title, WIDTH, HEIGHT, line.toString().trim(), markers, format.apply(max),
                format.apply(min), runs.isEmpty() ? "" : "#" + runs.getFirst().id(),
                runs.isEmpty() ? "" : "#" + runs.getLast().id());
    }

    private static String shape(RunStatus status, double x, double y) {
        return switch (status) {
            case SUCCESS -> String.format(Locale.ROOT, "M%.1f,%.1f a3.5,3.5 0 1,0 7,0 a3.5,3.5 0 1,0 -7,0", x - 3.5, y);
            case FAILURE -> String.format(Locale.ROOT, "M%.1f,%.1f l8,8 m0,-8 l-8,8", x - 4, y - 4);
            default -> String.format(Locale.ROOT, "M%.1f,%.1f h7 v7 h-7 z", x - 3.5, y - 3.5);
        };
    }
}
