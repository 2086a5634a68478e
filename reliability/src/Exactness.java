import java.util.ArrayList;
import java.util.List;

/**
 * Whether the stored output of a {@code seq 1 N} is exactly lines 1..k, in order: no gap, no
 * duplicate. Lurch's own lines (which are not numbers) are left out.
 */
record Exactness(long stored, List<String> problems) {

    static Exactness of(List<String> lines) {
        long expected = 1;
        long stored = 0;
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            if (!line.matches("\\d+")) {
                continue;
            }
            long value = Long.parseLong(line);
            stored++;
            if (value != expected && problems.size() < 3) {
                problems.add("line " + expected + " is " + value + (value < expected ? " (duplicate)" : " (gap)"));
            }
            expected = value + 1;
        }
        return new Exactness(stored, problems);
    }
}
