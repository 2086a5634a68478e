package lurch.isolation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The host programs a chroot isolate is built and entered with: a statically linked {@code busybox} (its
 * shell, {@code mount} and {@code nsenter}, and the applets inside), util-linux {@code unshare} (makes the
 * namespaces) and {@code setpriv} (sets no_new_privs and drops to the sandbox uid).
 */
public record HostTools(Path busybox, Path unshare, Path setpriv) {

    /** {@code LURCH_BUSYBOX}, else each program's first match on {@code PATH}, else its usual place. */
    static HostTools fromEnvironment(Map<String, String> env) {
        String configured = env.get("LURCH_BUSYBOX");
        Path busybox = configured == null || configured.isBlank() ? onPath(env, "busybox", "/bin/busybox") : Path.of(configured);
        return new HostTools(busybox, onPath(env, "unshare", "/usr/bin/unshare"), onPath(env, "setpriv", "/usr/bin/setpriv"));
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
