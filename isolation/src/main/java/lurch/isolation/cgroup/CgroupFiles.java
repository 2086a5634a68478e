package lurch.isolation.cgroup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads the figures of cgroup control files; a figure the kernel does not offer reads as 0. */
public final class CgroupFiles {

    private static final int FIRST_READ = 512;

    private CgroupFiles() {}

    /** A file holding one number, such as memory.peak. */
    public static long readLong(Path file) {
        try {
            return Long.parseLong(read(file).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The value of {@code key} in a "key value" per line file, such as cpu.stat. */
    public static long readKey(Path file, String key) {
        try {
            for (String line : read(file).split("\n")) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not offered by this kernel
        }
        return 0;
    }

    /**
     * The text of a control file, read with one read call where it fits (several per file made up much of an exec's
     * measurement): the kernel writes such a file whole, its last line ended, so a short read ending in a newline
     * is all of it.
     */
    static String read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            byte[] bytes = new byte[FIRST_READ];
            int length = 0;
            while (true) {
                int read = channel.read(ByteBuffer.wrap(bytes, length, bytes.length - length));
                if (read <= 0) {
                    break;
                }
                length += read;
                if (length < bytes.length && bytes[length - 1] == '\n') {
                    break;
                }
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                }
            }
            return new String(bytes, 0, length, StandardCharsets.US_ASCII);
        }
    }
}
