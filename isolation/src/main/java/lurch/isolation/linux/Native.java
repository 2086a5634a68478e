package lurch.isolation.linux;

import java.io.IOException;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** System calls through jnr-ffi, failing with an {@link IOException} that names the call, path and errno text. */
public final class Native {

    public static final int MNT_DETACH = 2;
    public static final int SIGKILL = 9, SIGSTOP = 19;
    private static final int ESRCH = 3;

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Native() {}

    /** Binds libc now rather than on first use (class initialisation does it: ~0.1 s). */
    public static void load() {
        // the static initialisers above have run by the time this is called
    }

    /** Lazy unmount: the mount leaves the namespace at once even while something still uses it. */
    public static void unmountDetached(String target) throws IOException {
        check(LIBC.umount2(target, MNT_DETACH), "umount " + target);
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
