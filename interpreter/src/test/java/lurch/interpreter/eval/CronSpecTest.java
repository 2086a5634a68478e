package lurch.interpreter.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 2026-11-21 is a Saturday; 0 is Sunday. */
class CronSpecTest {

    /** As in a crontab: {@code *} for any, else values joined by commas. */
    private static List<Integer> field(String values) {
        return values.equals("*") ? List.of() : Arrays.stream(values.split(",")).map(Integer::valueOf).toList();
    }

    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiterString = " | ", value = {
            "* * * * *    | 2026-11-21T10:15:30 | 2026-11-21T10:16",
            "0 * * * *     | 2026-11-21T10:00:00 | 2026-11-21T11:00",
            "* * * * 0     | 2026-11-21T10:15    | 2026-11-22T00:00",
            "0,30 4 * * 6    | 2026-11-21T04:30    | 2026-11-28T04:00",
            "* * 1 * 1      | 2026-11-21T10:15    | 2026-11-23T00:00",
            "0 0 29 2 *       | 2026-11-21T10:15    | 2028-02-29T00:00",
            "* * * 1 *     | 2026-12-31T23:59    | 2027-01-01T00:00",
            "59 23 * * *    | 2026-12-31T23:59    | 2027-01-01T23:59",
            "0 12 31 * *     | 2026-11-21T10:15    | 2026-12-31T12:00",
            "* * * 2 1      | 2026-11-21T10:15    | 2027-02-01T00:00",
            "15 * * 3 *     | 2026-11-21T10:15    | 2027-03-01T00:15"})
    void findsTheNextMatchingMinute(String fields, String now, String expected) {
        String[] f = fields.trim().split("\\s+");
        CronSpec spec = new CronSpec(field(f[0]), field(f[1]), field(f[2]), field(f[3]), field(f[4]));
        ZonedDateTime from = LocalDateTime.parse(now).atZone(ZoneOffset.UTC);
        assertEquals(LocalDateTime.parse(expected).atZone(ZoneOffset.UTC), spec.next(from));
    }

    @Test
    void aTimeSkippedByDaylightSavingIsTakenTheNextDay() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        CronSpec halfPastTwo = new CronSpec(List.of(30), List.of(2), List.of(), List.of(), List.of());
        ZonedDateTime next = halfPastTwo.next(LocalDateTime.parse("2026-03-28T12:00").atZone(paris));
        assertEquals(LocalDateTime.parse("2026-03-30T02:30").atZone(paris), next);
    }

    @Test
    void aDateThatNeverComesIsAnError() {
        CronSpec feb31 = new CronSpec(List.of(), List.of(), List.of(31), List.of(2), List.of());
        assertThrows(IllegalArgumentException.class, () -> feb31.next(ZonedDateTime.now(ZoneOffset.UTC)));
    }
}
