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
 * The host directory of a chroot isolate, {@code $LURCH_HOME/chroots/<id>}: empty on the host, the mount point
 * of the isolate's root inside its mount namespace, where {@code lurch-sandbox hold} builds the file system
 * (so no mount of it is ever seen on the host): a tmpfs root owned by the sandbox's root holding a copy of the
 * {@link RootSkeleton}, the shared busybox {@code /bin} (read-only bind), the namespace's own {@code /proc}, the
 * skeleton's {@code /dev} (read-only bind: no device can be made inside, the user namespace has no right to), the
 * workspace at {@code /workspace} and the top run's artifacts directory at {@code /artifacts}. Every writable
 * mount is nosuid and nodev. Then {@code pivot_root} makes it the root of the mount namespace and the host's tree
 * is detached: no host path is left to reach, by {@code ..}, by a symlink or through {@code /proc}.
 */
final class ChrootLayout {

    private ChrootLayout() {}

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
