package lurch.isolation.linux;

import java.io.IOException;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** System calls through jnr-ffi, failing with an {@link IOException} that names the call, path and errno text. */
public final class Native {

    public static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32, MS_BIND = 4096;
    public static final int MNT_DETACH = 2;
    public static final int SIGKILL = 9, SIGSTOP = 19;
    public static final int S_IFCHR = 0020000;
    private static final int ESRCH = 3;

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Native() {}

    /** Binds libc now rather than on first use (class initialisation does it: ~0.1 s). */
    public static void load() {
        // the static initialisers above have run by the time this is called
    }

    public static void mount(String source, String target, String type, long flags, String data) throws IOException {
        check(LIBC.mount(source, target, type, flags, data), "mount " + source + " on " + target);
    }

    /** Bind-mounts {@code source} on {@code target}, read-only when asked (a bind needs a remount for that). */
    public static void bind(String source, String target, boolean readOnly) throws IOException {
        mount(source, target, null, MS_BIND, null);
        if (readOnly) {
            mount(source, target, null, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, null);
        }
    }

    /** Lazy unmount: the mount leaves the namespace at once even while something still uses it. */
    public static void unmountDetached(String target) throws IOException {
        check(LIBC.umount2(target, MNT_DETACH), "umount " + target);
    }

    public static void makeCharDevice(String path, int major, int minor) throws IOException {
        check(LIBC.mknod(path, S_IFCHR | 0666, ((long) major << 8) | minor), "mknod " + path);
    }

    /** Sends SIGKILL to a process (pid > 0) or a process group (pid < 0); a vanished target is fine. */
    public static void killHard(int pid) {
        signal(pid, SIGKILL);
    }

    /** Sends {@code signal} to a process or process group; a vanished target is fine. */
    public static void signal(int pid, int signal) {
        if (LIBC.kill(pid, signal) != 0 && LastError.getLastError(RUNTIME) != ESRCH) {
            System.getLogger(Native.class.getName()).log(System.Logger.Level.DEBUG,
                    "kill " + pid + ": " + LIBC.strerror(LastError.getLastError(RUNTIME)));
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result != 0) {
            throw new IOException(what + ": " + LIBC.strerror(LastError.getLastError(RUNTIME)));
        }
    }
}
