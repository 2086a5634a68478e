package lurch.interpreter.eval;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import lurch.interpreter.ast.Command.Wait;

/**
 * The five fields of a {@code wait}, with cron meanings: minute 0-59, hour 0-23, day of month 1-31,
 * month 1-12, day of week 0-6 with 0 = Sunday. An empty field matches everything. As in cron, when
 * both day fields are restricted a day matches if either does.
 */
public record CronSpec(List<Integer> minutes, List<Integer> hours, List<Integer> monthDays,
                       List<Integer> months, List<Integer> weekDays) {

    /** Long enough to cover every combination of month day and week day (28 years). */
    private static final int MAX_MINUTES_SEARCHED = 60 * 24 * 366 * 28;

    public static CronSpec of(Wait wait) {
        return new CronSpec(wait.minutes(), wait.hours(), wait.monthDays(), wait.months(), wait.weekDays());
    }

    /** The first whole minute strictly after {@code now} that matches. */
    public ZonedDateTime next(ZonedDateTime now) {
        ZonedDateTime t = now.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int searched = 0; searched < MAX_MINUTES_SEARCHED; ) {
            if (!matchesAny(months, t.getMonthValue())) {
                t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
                searched += 60 * 24 * 28;
            } else if (!dayMatches(t)) {
                t = t.withHour(0).withMinute(0).plusDays(1);
                searched += 60 * 24;
            } else if (!matchesAny(hours, t.getHour())) {
                t = t.withMinute(0).plusHours(1);
                searched += 60;
            } else if (!matchesAny(minutes, t.getMinute())) {
                t = t.plusMinutes(1);
                searched++;
            } else {
                return t;
            }
        }
        throw new IllegalArgumentException("wait " + this + " never matches a date");
    }

    private boolean dayMatches(ZonedDateTime t) {
        int weekDay = t.getDayOfWeek().getValue() % 7;
        if (!monthDays.isEmpty() && !weekDays.isEmpty()) {
            return monthDays.contains(t.getDayOfMonth()) || weekDays.contains(weekDay);
        }
        return matchesAny(monthDays, t.getDayOfMonth()) && matchesAny(weekDays, weekDay);
    }

    private static boolean matchesAny(List<Integer> field, int value) {
        return field.isEmpty() || field.contains(value);
    }
}
