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

    /** libc, bound on first use (~0.1 s and ~200 classes), which most servers never make. */
    private static final class Bound {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private Native() {}

    /** Lazy unmount: the mount leaves the namespace at once even while something still uses it. */
    public static void unmountDetached(String target) throws IOException {
        check(Bound.LIBC.umount2(target, MNT_DETACH), "umount " + target);
    }

    /**
     * Sends SIGKILL to a process; a vanished target is fine. Through the JDK, which checks the process's start time
     * first (a pid reused meanwhile is spared), and needs no binding of libc: most servers never bind it at all.
     */
    public static void killHard(int pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Sends {@code signal} to a process or process group; a vanished target is fine. */
    public static void signal(int pid, int signal) {
        if (Bound.LIBC.kill(pid, signal) != 0 && LastError.getLastError(Bound.RUNTIME) != ESRCH) {
            System.getLogger(Native.class.getName()).log(System.Logger.Level.DEBUG,
                    "kill " + pid + ": " + Bound.LIBC.strerror(LastError.getLastError(Bound.RUNTIME)));
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result != 0) {
            throw new IOException(what + ": " + Bound.LIBC.strerror(LastError.getLastError(Bound.RUNTIME)));
        }
    }
}
