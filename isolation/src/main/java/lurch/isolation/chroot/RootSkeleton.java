package lurch.isolation.chroot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lurch.isolation.IsolationException;

/**
 * What every chroot's root starts with, built once per sandbox uid in {@code $LURCH_HOME/chroots/.skeleton-UID}
 * and copied into each new root in one step: the directories, {@code /etc/passwd} and friends owned by the
 * sandbox's root, and {@code dev/} with null, zero, full, random, urandom and tty, which chroots bind read-only.
 * One copy instead of a dozen steps per isolate: each step inside the namespaces is a process of its own.
 */
final class RootSkeleton {

    private static final String SCRIPT = """
            set -e
            cd "$1"; uid=$2
            mkdir bin proc dev workspace etc root tmp usr .host
            chmod 1777 tmp
            ln -s bin sbin; ln -s ../bin usr/bin; ln -s ../bin usr/sbin
            echo 'root:x:0:0:root:/root:/bin/sh' > etc/passwd
            echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> etc/passwd
            echo 'root:x:0:' > etc/group
            echo 'nogroup:x:65534:' >> etc/group
            echo '127.0.0.1 localhost' > etc/hosts
            mknod -m 666 dev/null c 1 3; mknod -m 666 dev/zero c 1 5; mknod -m 666 dev/full c 1 7
            mknod -m 666 dev/random c 1 8; mknod -m 666 dev/urandom c 1 9; mknod -m 666 dev/tty c 5 0
            ln -s /proc/self/fd dev/fd; ln -s /proc/self/fd/0 dev/stdin
            ln -s /proc/self/fd/1 dev/stdout; ln -s /proc/self/fd/2 dev/stderr
            chown -h -R $uid:$uid . etc root usr sbin
            chmod 755 .
            """;

    private final Path busybox;
    private final Path dir;
    private final int uid;
    private volatile boolean ready;

    RootSkeleton(Path busybox, Path chroots, int uid) {
        this.busybox = busybox;
        this.dir = chroots.resolve(".skeleton-" + uid);
        this.uid = uid;
    }

    /** The skeleton's directory, built first if needed. */
    Path dir() throws IsolationException {
        if (!ready) {
            build();
        }
        return dir;
    }

    private synchronized void build() throws IsolationException {
        if (ready || Files.isDirectory(dir)) {
            ready = true;
            return;
        }
        try {
            AtomicDirectory.build(dir, staging -> {
                Process script = new ProcessBuilder(List.of(busybox.toString(), "sh", "-c", SCRIPT, "sh", staging.toString(),
                        Integer.toString(uid))).redirectErrorStream(true).start();
                String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (script.waitFor() != 0) {
                    throw new IOException(output);
                }
            });
        } catch (IOException | InterruptedException e) {
            throw new IsolationException("cannot build the chroot skeleton in " + dir + ": " + e.getMessage(), e);
        }
        ready = true;
    }
}
