package lurch.isolation.chroot;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import lurch.isolation.linux.SafeDelete;

/**
 * A directory built once into a temporary sibling that is renamed into place, so that a crash never leaves a
 * half-built one behind and two servers building it at the same moment both end up using one of them.
 */
final class AtomicDirectory {

    /** Fills the empty directory it is given. */
    @FunctionalInterface
    interface Filler {
        void fill(Path staging) throws IOException, InterruptedException;
    }

    private AtomicDirectory() {}

    static void build(Path dir, Filler filler) throws IOException, InterruptedException {
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
        try {
            filler.fill(staging);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
        } catch (FileAlreadyExistsException e) {
            // built by another server at the same moment: use theirs
        } finally {
            if (staging != null) {
                SafeDelete.deleteTree(staging);
            }
        }
    }

    /** Whether {@code name}, a directory of {@code $LURCH_HOME/chroots}, is the staging of a build cut short. */
    static boolean isStaging(String name) {
        return name.startsWith(".") && name.contains(".tmp");
    }
}
