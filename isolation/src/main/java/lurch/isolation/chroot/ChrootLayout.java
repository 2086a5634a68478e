package lurch.isolation.chroot;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import lurch.isolation.linux.MountTable;
import lurch.isolation.linux.Native;
import lurch.isolation.linux.SafeDelete;

/**
 * The directory tree of one chroot and its mounts. The root is a tmpfs of its own, so that tearing
 * it down is ONE lazy unmount (each umount waits for an RCU grace period: one per mount would cost
 * milliseconds) and nothing has to be deleted file by file. Inside: the shared busybox {@code /bin}
 * (read-only bind), {@code /proc}, a small tmpfs {@code /dev} with the usual device nodes, and the
 * workspace at {@code /workspace}. {@code /tmp}, {@code /etc}, ... are fresh and writable, in memory.
 */
final class ChrootLayout {

    private static final long SAFE = Native.MS_NOSUID | Native.MS_NODEV | Native.MS_NOEXEC;
    private static final List<Device> DEVICES = List.of(new Device("null", 1, 3), new Device("zero", 1, 5),
            new Device("full", 1, 7), new Device("random", 1, 8), new Device("urandom", 1, 9), new Device("tty", 5, 0));
    private static final List<String> MOUNTED = List.of("", "bin", "proc", "dev", "workspace");

    private record Device(String name, int major, int minor) {}

    private ChrootLayout() {}

    /** Builds the chroot at {@code root}, which must not exist yet. */
    static void build(Path root, Path templateBin, Path workspace) throws IOException {
        Files.createDirectories(root.getParent());
        Files.createDirectory(root);
        Native.mount("tmpfs", root.toString(), "tmpfs", Native.MS_NOSUID, "mode=755");
        for (String dir : List.of("bin", "proc", "dev", "workspace", "etc", "root", "usr")) {
            Files.createDirectory(root.resolve(dir));
        }
        Files.setPosixFilePermissions(Files.createDirectory(root.resolve("tmp")), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("bin"));
        Files.createSymbolicLink(root.resolve("usr/bin"), Path.of("../bin"));
        Files.createSymbolicLink(root.resolve("usr/sbin"), Path.of("../bin"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");

        Native.bind(templateBin.toString(), root.resolve("bin").toString(), true);
        Native.mount("proc", root.resolve("proc").toString(), "proc", SAFE, null);
        mountDev(root.resolve("dev"));
        Native.bind(workspace.toString(), root.resolve("workspace").toString(), false);
    }

    /** True when all mounts of a complete chroot are in place. */
    static boolean isComplete(Path root) throws IOException {
        List<Path> mounts = MountTable.mountsUnder(root);
        return MOUNTED.stream().allMatch(dir -> mounts.contains(root.resolve(dir)));
    }

    /**
     * Unmounts everything at and below {@code root} (a lazy unmount takes the mounts below along),
     * then deletes what is left unless a mount survived. Returns false when something had to stay.
     */
    static boolean dismantle(Path root) throws IOException {
        if (!Files.exists(root)) {
            return true;
        }
        List<Path> mounts = MountTable.mountsUnder(root);
        if (mounts.contains(root)) {
            Native.unmountDetached(root.toString());
            mounts = MountTable.mountsUnder(root);
        }
        for (Path mount : mounts) { // left by a crash in the middle of build()
            Native.unmountDetached(mount.toString());
        }
        if (!MountTable.mountsUnder(root).isEmpty()) {
            return false; // never delete while anything is still mounted inside
        }
        try {
            Files.delete(root); // the usual case: all content was in the root's tmpfs
            return true;
        } catch (DirectoryNotEmptyException e) {
            return SafeDelete.deleteTree(root);
        }
    }

    private static void mountDev(Path dev) throws IOException {
        Native.mount("tmpfs", dev.toString(), "tmpfs", Native.MS_NOSUID | Native.MS_NOEXEC, "mode=755,size=64k");
        for (Device device : DEVICES) {
            Native.makeCharDevice(dev.resolve(device.name()).toString(), device.major(), device.minor());
        }
        Files.createSymbolicLink(dev.resolve("fd"), Path.of("/proc/self/fd"));
        Files.createSymbolicLink(dev.resolve("stdin"), Path.of("/proc/self/fd/0"));
        Files.createSymbolicLink(dev.resolve("stdout"), Path.of("/proc/self/fd/1"));
        Files.createSymbolicLink(dev.resolve("stderr"), Path.of("/proc/self/fd/2"));
    }
}
