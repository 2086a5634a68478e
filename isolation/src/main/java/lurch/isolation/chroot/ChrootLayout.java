package lurch.isolation.chroot;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lurch.isolation.linux.MountTable;
import lurch.isolation.linux.Native;
import lurch.isolation.linux.SafeDelete;

/**
 * The file system of one chroot isolate, built by host root inside the isolate's mount namespace (so no mount
 * of it is ever seen on the host): a tmpfs root owned by the sandbox's root, the shared busybox {@code /bin}
 * (read-only bind), the namespace's own {@code /proc}, a small {@code /dev} of bind-mounted null, zero, full,
 * random, urandom and tty (no device can be made inside: the user namespace has no right to), and the workspace
 * at {@code /workspace}. Every writable mount is nosuid and nodev. Then {@code pivot_root} makes it the root
 * of the mount namespace and the host's tree is detached: no host path is left to reach, by {@code ..}, by a
 * symlink or through {@code /proc}.
 */
final class ChrootLayout {

    private static final String SCRIPT = """
            set -e
            b=$1; root=$2; template=$3; workspace=$4; uid=$5; loopback=$6
            $b mount -t tmpfs -o mode=755,nosuid,nodev,uid=$uid,gid=$uid tmpfs "$root"
            cd "$root"
            $b mkdir bin proc dev workspace etc root tmp usr .host
            $b chmod 1777 tmp
            $b ln -s bin sbin; $b ln -s ../bin usr/bin; $b ln -s ../bin usr/sbin
            echo 'root:x:0:0:root:/root:/bin/sh' > etc/passwd
            echo 'nobody:x:65534:65534:nobody:/:/bin/false' >> etc/passwd
            echo 'root:x:0:' > etc/group
            echo 'nogroup:x:65534:' >> etc/group
            echo '127.0.0.1 localhost' > etc/hosts
            $b chown -h -R $uid:$uid etc root usr sbin
            $b mount --bind "$template" bin
            $b mount -o remount,bind,ro,nosuid,nodev bin
            $b mount --bind "$workspace" workspace
            $b mount -o remount,bind,nosuid,nodev workspace
            $b mount -t tmpfs -o mode=755,size=64k,nosuid,noexec,uid=$uid,gid=$uid tmpfs dev
            for device in null zero full random urandom tty; do
              $b touch dev/$device
              $b mount --bind /dev/$device dev/$device
            done
            $b ln -s /proc/self/fd dev/fd; $b ln -s /proc/self/fd/0 dev/stdin
            $b ln -s /proc/self/fd/1 dev/stdout; $b ln -s /proc/self/fd/2 dev/stderr
            $b mount -t proc -o nosuid,nodev,noexec proc proc
            if [ "$loopback" = up ]; then $b ip link set lo up; fi
            $b pivot_root . .host
            $b umount -l /.host
            $b rmdir /.host
            """;

    private ChrootLayout() {}

    /** The command that builds the file system on {@code root}, run inside the isolate's mount and pid namespaces. */
    static List<String> buildCommand(Path busybox, Path root, Path templateBin, Path workspace, int uid, boolean ownNetwork) {
        return List.of(busybox.toString(), "sh", "-c", SCRIPT, "sh", busybox.toString(), root.toString(), templateBin.toString(),
                workspace.toAbsolutePath().toString(), Integer.toString(uid), ownNetwork ? "up" : "host");
    }

    /**
     * Removes the host directory of a chroot: empty for isolates in namespaces; a chroot of an earlier Lurch had
     * its mounts on the host, and those are unmounted first (a lazy unmount takes the mounts below along).
     * Nothing is deleted while anything is still mounted inside; returns false when something had to stay.
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
        for (Path mount : mounts) { // left by a crash in the middle of an earlier Lurch's build
            Native.unmountDetached(mount.toString());
        }
        if (!MountTable.mountsUnder(root).isEmpty()) {
            return false;
        }
        try {
            Files.delete(root);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return SafeDelete.deleteTree(root);
        }
    }
}
