package lurch.server.web;

import java.util.List;
import java.util.Objects;

/**
 * How far a figure strays from a program's usual, as the original tool marked its history: more than one or two
 * standard deviations above or below the mean of that program's recent runs. Few samples or no spread: no mark.
 */
record Deviations(double mean, double deviation) {

    private static final int MIN_SAMPLES = 3;

    /** How one value compares; {@code css} names the page style, {@code note} says it in words (not colour only). */
    enum Level {
        USUAL("", ""), HIGH("dev-high1", "above usual (> 1 sd)"), VERY_HIGH("dev-high2", "far above usual (> 2 sd)"),
        LOW("dev-low1", "below usual (> 1 sd)"), VERY_LOW("dev-low2", "far below usual (> 2 sd)");

        final String css;
        final String note;

        Level(String css, String note) {
            this.css = css;
            this.note = note;
        }
    }

    static Deviations of(List<Double> samples) {
        List<Double> values = samples.stream().filter(Objects::nonNull).toList();
        if (values.size() < MIN_SAMPLES) {
            return new Deviations(0, 0);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double variance = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
        return new Deviations(mean, Math.sqrt(variance));
    }

    Level level(Double value) {
        if (value == null || deviation == 0) {
            return Level.USUAL;
        }
        double distance = (value - mean) / deviation;
        if (distance > 2) return Level.VERY_HIGH;
        if (distance > 1) return Level.HIGH;
        if (distance < -2) return Level.VERY_LOW;
        if (distance < -1) return Level.LOW;
        return Level.USUAL;
    }
}
