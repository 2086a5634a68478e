package lurch.server.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times, durations, CPU seconds and memory read on the pages. */
final class Figures {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Figures() {}

    static String time(Instant instant) {
        return instant == null ? "n.a." : TIME.format(instant);
    }

    static String seconds(Double seconds) {
        if (seconds == null) return "n.a.";
        if (seconds < 60) return String.format(Locale.ROOT, "%.2f s", seconds);
        long whole = Math.round(seconds);
        return whole < 3600 ? String.format(Locale.ROOT, "%dm %02ds", whole / 60, whole % 60)
                : String.format(Locale.ROOT, "%dh %02dm", whole / 3600, whole % 3600 / 60);
    }

    static Double duration(Instant started, Instant stopped) {
        return started == null || stopped == null ? null : (stopped.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }

    static String bytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String exitCode(Integer code) {
        return code == null ? "n.a." : code.toString();
    }
}
