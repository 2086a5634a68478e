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
 * of it is ever seen on the host): a tmpfs root owned by the sandbox's root holding a copy of the
 * {@link RootSkeleton}, the shared busybox {@code /bin} (read-only bind), the namespace's own {@code /proc}, the
 * skeleton's {@code /dev} (read-only bind: no device can be made inside, the user namespace has no right to),
 * the workspace at {@code /workspace} and the top run's artifacts directory at {@code /artifacts}. Every writable mount is nosuid and nodev. Then {@code pivot_root}
 * makes it the root of the mount namespace and the host's tree is detached: no host path is left to reach, by
 * {@code ..}, by a symlink or through {@code /proc}.
 */
final class ChrootLayout {

    /**
     * Applets by their bare names: busybox's shell runs most of them without an exec (a process each still
     * counts in a per-isolate cost), and PATH names the template's applets for a busybox built without that.
     */
    private static final String SCRIPT = """
            set -e
            root=$1; skeleton=$2; template=$3; workspace=$4; uid=$5; loopback=$6; artifacts=$7
            PATH=$template:/bin
            mount -t tmpfs -o mode=755,nosuid,nodev,uid=$uid,gid=$uid tmpfs "$root"
            cp -a "$skeleton/." "$root/"
            cd "$root"
            mount --bind "$template" bin
            mount -o remount,bind,ro,nosuid,nodev bin
            mount --bind "$skeleton/dev" dev
            mount -o remount,bind,ro,nosuid,noexec dev
            mount --bind "$workspace" workspace
            mount -o remount,bind,nosuid,nodev workspace
            if [ -n "$artifacts" ]; then
              mkdir artifacts
              mount --bind "$artifacts" artifacts
              mount -o remount,bind,nosuid,nodev artifacts
            fi
            mount -t proc -o nosuid,nodev,noexec proc proc
            if [ "$loopback" = up ]; then ip link set lo up; fi
            pivot_root . .host
            umount -l /.host
            rmdir /.host
            """;

    private ChrootLayout() {}

    /** The command that builds the file system on {@code root}, run inside the isolate's mount and pid namespaces. */
    static List<String> buildCommand(Path busybox, Path root, Path skeleton, Path templateBin, Path workspace, Path artifacts,
                                     int uid, boolean ownNetwork) {
        return List.of(busybox.toString(), "sh", "-c", SCRIPT, "sh", root.toString(), skeleton.toString(),
                templateBin.toString(), workspace.toAbsolutePath().toString(), Integer.toString(uid), ownNetwork ? "up" : "host",
                artifacts == null ? "" : artifacts.toAbsolutePath().toString());
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
