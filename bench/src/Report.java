import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints the rows as one aligned table and writes them as JSON keyed by row id. */
final class Report {

    private Report() {}

    static String table(List<Row> rows, String db) {
        StringBuilder out = new StringBuilder();
        String format = "%-13s %-52s %10s %10s %10s  %-5s %-9s %-4s %s%n";
        out.append(String.format(Locale.ROOT, format, "workload", "what", "median", "min", "max", "unit", "target", "met", "db " + db));
        for (Row r : rows) {
            String target = Double.isNaN(r.target()) ? "" : (r.atLeast() ? ">= " : "<= ") + number(r.target());
            out.append(String.format(Locale.ROOT, format, r.id(), r.title(), number(r.median()), number(r.min()),
                    number(r.max()), r.unit(), target, r.verdict(), r.note()));
        }
        return out.toString();
    }

    static void writeJson(List<Row> rows, String db, Path file) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            json.append(String.format(Locale.ROOT,
                    "  \"%s\": {\"median\": %s, \"min\": %s, \"max\": %s, \"unit\": \"%s\", \"target\": %s, \"db\": \"%s\"%s}%s%n",
                    r.id(), jsonNumber(r.median()), jsonNumber(r.min()), jsonNumber(r.max()), r.unit(),
                    jsonNumber(r.target()), db, r.note().isEmpty() ? "" : ", \"note\": \"" + escape(r.note()) + "\"",
                    i + 1 < rows.size() ? "," : ""));
        }
        Files.writeString(file, json.append("}\n").toString());
    }

    /** Three significant digits are all that noisy timings on a shared machine support. */
    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3g", v);
    }

    private static String jsonNumber(double v) {
        return Double.isNaN(v) ? "null" : number(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
