package lurch.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What one isolate may use at most: {@code memoryBytes} of memory (its processes are killed past it) and
 * {@code pids} processes and threads at once (a fork beyond it fails inside the program).
 */
public record Limits(long memoryBytes, int pids) {

    static final int DEFAULT_PIDS = 4096;

    public Limits {
        if (memoryBytes < 1 << 20) {
            throw new IllegalArgumentException("the memory limit must be at least 1M, not " + memoryBytes + " bytes");
        }
        if (pids < 1) {
            throw new IllegalArgumentException("the process limit must be at least 1, not " + pids);
        }
    }

    /** {@code LURCH_MEMORY_LIMIT} (bytes, or with K, M, G, T; default half the machine's memory) and {@code LURCH_PIDS_LIMIT}. */
    static Limits fromEnvironment(Map<String, String> env) {
        String memory = env.get("LURCH_MEMORY_LIMIT");
        String pids = env.get("LURCH_PIDS_LIMIT");
        return new Limits(memory == null || memory.isBlank() ? machineMemory() / 2 : parseSize("LURCH_MEMORY_LIMIT", memory),
                pids == null || pids.isBlank() ? DEFAULT_PIDS : parseCount("LURCH_PIDS_LIMIT", pids));
    }

    /** "256M" and the like, as people write memory sizes (powers of 1024). */
    static long parseSize(String name, String text) {
        String value = text.strip().toUpperCase(Locale.ROOT);
        int shift = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number <= 0 || number > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a size such as 536870912, 512M or 2G, not '" + text + "'");
        }
    }

    private static int parseCount(String name, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
        }
    }

    /** MemTotal of /proc/meminfo; 2 GiB where it cannot be read. */
    private static long machineMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or no /proc: fall through
        }
        return 2L << 30;
    }

    /** "256 MiB" for log lines. */
    public String memoryText() {
        return memoryBytes % (1 << 30) == 0 ? memoryBytes / (1 << 30) + " GiB"
                : memoryBytes % (1 << 20) == 0 ? memoryBytes / (1 << 20) + " MiB" : memoryBytes + " bytes";
    }
}
