import java.util.ArrayList;
import java.util.List;

/**
 * One line of the result table: a workload's samples reduced to median, min and max, with its unit
 * and target. {@code atLeast} marks throughput targets, where more is better.
 */
record Row(String id, String title, double median, double min, double max, String unit, double target,
           boolean atLeast, String note) {

    /** A row from raw samples (at least one). */
    static Row of(String id, String title, List<Double> samples, String unit, double target, boolean atLeast) {
        List<Double> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Row(id, title, median, sorted.getFirst(), sorted.getLast(), unit, target, atLeast, "");
    }

    /** A row at most {@code target}. */
    static Row atMost(String id, String title, List<Double> samples, String unit, double target) {
        return of(id, title, samples, unit, target, false);
    }

    /** A figure without a target of its own (a baseline, a peak). */
    static Row info(String id, String title, List<Double> samples, String unit) {
        return of(id, title, samples, unit, Double.NaN, false);
    }

    /** A workload that could not be measured on this server, with the reason. */
    static Row skipped(String id, String title, String unit, double target, boolean atLeast, String why) {
        return new Row(id, title, Double.NaN, Double.NaN, Double.NaN, unit, target, atLeast, why);
    }

    Row withNote(String text) {
        return new Row(id, title, median, min, max, unit, target, atLeast, text);
    }

    boolean measured() {
        return !Double.isNaN(median);
    }

    /** "yes", "NO", or "" when there is nothing to compare. */
    String verdict() {
        if (!measured() || Double.isNaN(target)) {
            return "";
        }
        return (atLeast ? median >= target : median <= target) ? "yes" : "NO";
    }
}
