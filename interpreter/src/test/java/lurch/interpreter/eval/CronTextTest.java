package lurch.interpreter.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** 2026-11-21 is a Saturday; 0 is Sunday. */
class CronTextTest {

    @Test
    void readsValuesRangesStepsAndLists() {
        CronSpec spec = CronText.parse(" */15  2-4,6 1-10/3 * 0 ");
        assertEquals(List.of(0, 15, 30, 45), spec.minutes());
        assertEquals(List.of(2, 3, 4, 6), spec.hours());
        assertEquals(List.of(1, 4, 7, 10), spec.monthDays());
        assertEquals(List.of(), spec.months());
        assertEquals(List.of(0), spec.weekDays());
    }

    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiterString = " | ", value = {
            "*/5 * * * *    | 2026-11-21T10:16:30 | 2026-11-21T10:20",
            "30 9 * * 1-5   | 2026-11-21T10:15    | 2026-11-23T09:30",
            "0 0 1 */6 *    | 2026-11-21T10:15    | 2027-01-01T00:00"})
    void meansWhatWaitMeans(String cron, String now, String expected) {
        assertEquals(LocalDateTime.parse(expected).atZone(ZoneOffset.UTC),
                CronText.parse(cron).next(LocalDateTime.parse(now).atZone(ZoneOffset.UTC)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", value = {
            "60 * * * *      | cron field 1 (minute) '60': 60 is not between 0 and 59",
            "* 24 * * *      | cron field 2 (hour) '24': 24 is not between 0 and 23",
            "* * 0 * *       | cron field 3 (day of month) '0': 0 is not between 1 and 31",
            "* * * 1,13 *    | cron field 4 (month) '1,13': 13 is not between 1 and 12",
            "* * * * 7       | cron field 5 (day of week) '7': 7 is not between 0 and 6",
            "* * * * mon     | cron field 5 (day of week) 'mon': 'mon' is not a number",
            "*/0 * * * *     | cron field 1 (minute) '*/0': a step must be at least 1",
            "5-1 * * * *     | cron field 1 (minute) '5-1': range 5-1 runs backwards",
            "1,,2 * * * *    | cron field 1 (minute) '1,,2': '' is not a number",
            "* * * *         | cron '* * * *' must have 5 fields (minute hour day-of-month month day-of-week), found 4",
            "0 0 31 2 *      | cron '0 0 31 2 *' never matches a date"})
    void badTextIsAnErrorNamingFieldAndValue(String cron, String message) {
        assertEquals(message, assertThrows(CronText.InvalidCronException.class, () -> CronText.parse(cron)).getMessage());
    }

    @Test
    void emptyTextIsAnError() {
        assertThrows(CronText.InvalidCronException.class, () -> CronText.parse("  "));
    }
}
