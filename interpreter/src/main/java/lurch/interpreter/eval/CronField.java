package lurch.interpreter.eval;

/**
 * The five fields of a cron line, in order, with their ranges: the one definition that {@code wait}'s checks and
 * schedules' cron text share.
 */
public enum CronField {
    MINUTE("minute", "minutes", 0, 59),
    HOUR("hour", "hours", 0, 23),
    DAY_OF_MONTH("day of month", "days of the month", 1, 31),
    MONTH("month", "months", 1, 12),
    DAY_OF_WEEK("day of week", "days of the week (0 = Sunday)", 0, 6);

    private final String singular;
    private final String plural;
    private final int min;
    private final int max;

    CronField(String singular, String plural, int min, int max) {
        this.singular = singular;
        this.plural = plural;
        this.min = min;
        this.max = max;
    }

    /** E.g. "day of month", as a cron line's field is named in errors. */
    public String singular() {
        return singular;
    }

    /** E.g. "days of the month", as a {@code wait}'s list is named in errors. */
    public String plural() {
        return plural;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public boolean contains(int value) {
        return value >= min && value <= max;
    }
}
