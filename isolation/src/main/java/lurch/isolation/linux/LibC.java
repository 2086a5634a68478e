package lurch.isolation.linux;

/** The few libc functions Lurch calls directly (bound by jnr-ffi; see {@link Native}). */
public interface LibC {

    int umount2(String target, int flags);

    int kill(int pid, int signal);

    String strerror(int errno);
}
