package lurch.interpreter.eval;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads the standard five-field cron text of a schedule ("minute hour day-of-month month day-of-week", each field
 * {@code *}, a value, a range {@code a-b}, a step ({@code *} or a range, then {@code /n}), or a comma list of those) into the
 * {@link CronSpec} that {@code wait} uses, so both have one meaning. Errors name the field and the value.
 */
public final class CronText {

    private CronText() {}

    /** Thrown for cron text that is not five valid fields, with a message naming what is wrong and where. */
    public static final class InvalidCronException extends IllegalArgumentException {
        InvalidCronException(String message) {
            super(message);
        }
    }

    /** @throws InvalidCronException when {@code text} is not valid cron or never matches a date */
    public static CronSpec parse(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length != 5 || text.isBlank()) {
            throw new InvalidCronException("cron '" + text + "' must have 5 fields (minute hour day-of-month month"
                    + " day-of-week), found " + (text.isBlank() ? 0 : fields.length));
        }
        CronField[] kinds = CronField.values();
        List<List<Integer>> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.add(field(kinds[i], fields[i]));
        }
        CronSpec spec = new CronSpec(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4));
        try {
            spec.next(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw new InvalidCronException("cron '" + text.strip() + "' never matches a date");
        }
        return spec;
    }

    /** The values of one field; empty for {@code *} (matches everything, as in {@code wait}). */
    private static List<Integer> field(CronField kind, String text) {
        if (text.equals("*")) {
            return List.of();
        }
        TreeSet<Integer> values = new TreeSet<>();
        for (String item : text.split(",", -1)) {
            addItem(kind, text, item, values);
        }
        return List.copyOf(values);
    }

    private static void addItem(CronField kind, String field, String item, TreeSet<Integer> values) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(kind, field, item.substring(slash + 1));
            if (step < 1) {
                throw invalid(kind, field, "a step must be at least 1");
            }
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = kind.min();
            to = kind.max();
        } else {
            int dash = range.indexOf('-');
            from = value(kind, field, dash < 0 ? range : range.substring(0, dash));
            to = dash < 0 ? (slash >= 0 ? kind.max() : from) : value(kind, field, range.substring(dash + 1));
            if (from > to) {
                throw invalid(kind, field, "range " + range + " runs backwards");
            }
        }
        for (int v = from; v <= to; v += step) {
            values.add(v);
        }
    }

    private static int value(CronField kind, String field, String text) {
        int value = number(kind, field, text);
        if (!kind.contains(value)) {
            throw invalid(kind, field, value + " is not between " + kind.min() + " and " + kind.max());
        }
        return value;
    }

    private static int number(CronField kind, String field, String text) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            throw invalid(kind, field, "'" + text + "' is not a number");
        }
        return Integer.parseInt(text);
    }

    private static InvalidCronException invalid(CronField kind, String field, String problem) {
        return new InvalidCronException("cron field " + (kind.ordinal() + 1) + " (" + kind.singular() + ") '"
                + field + "': " + problem);
    }
}
