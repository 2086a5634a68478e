package lurch.isolation.linux;

/** The few libc functions Lurch calls directly (bound by jnr-ffi; see {@link Native}). */
public interface LibC {

    int mount(String source, String target, String fileSystemType, long flags, String data);

    int umount2(String target, int flags);

    int kill(int pid, int signal);

    int mknod(String path, int mode, long device);

    String strerror(int errno);
}
