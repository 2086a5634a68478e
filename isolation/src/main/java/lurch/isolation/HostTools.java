package lurch.isolation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The host program a chroot isolate is built with besides Lurch's own {@code lurch-sandbox}: a statically
 * linked {@code busybox}, whose applets are the isolate's {@code /bin} and whose shell makes the root's skeleton once.
 */
public record HostTools(Path busybox) {

    /** {@code LURCH_BUSYBOX}, else the first busybox on {@code PATH}, else {@code /bin/busybox}. */
    static HostTools fromEnvironment(Map<String, String> env) {
        String configured = env.get("LURCH_BUSYBOX");
        Path busybox = configured == null || configured.isBlank() ? onPath(env, "busybox", "/bin/busybox") : Path.of(configured);
        return new HostTools(busybox);
    }

    static Path onPath(Map<String, String> env, String name, String fallback) {
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return Path.of(fallback);
    }
}
