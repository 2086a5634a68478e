package lurch.isolation.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the figures of cgroup control files; a figure the kernel does not offer reads as 0. */
public final class CgroupFiles {

    private CgroupFiles() {}

    /** A file holding one number, such as memory.peak. */
    public static long readLong(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The value of {@code key} in a "key value" per line file, such as cpu.stat. */
    public static long readKey(Path file, String key) {
        try {
            for (String line : Files.readString(file).split("\n")) {
                if (line.startsWith(key) && line.length() > key.length() && line.charAt(key.length()) == ' ') {
                    return Long.parseLong(line.substring(key.length() + 1).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not offered by this kernel
        }
        return 0;
    }
}
