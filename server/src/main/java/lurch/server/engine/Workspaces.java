package lurch.server.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.isolation.linux.SafeDelete;

/**
 * The workspaces of top runs on this machine ({@code $LURCH_HOME/workspaces/TOP}): filled by a git build's checkout,
 * mounted by every isolate of the tree at /workspace, deleted when the tree ends.
 */
public final class Workspaces {
    private static final Logger LOG = Logger.getLogger(Workspaces.class.getName());
    private final Path root;

    public Workspaces(Path home) {
        this.root = home.resolve("workspaces");
    }

    /** The workspace of tree {@code topId}, created if need be. */
    public Path of(long topId) {
        Path dir = dir(topId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create workspace " + dir, e);
        }
        return dir;
    }

    /**
     * Deletes a tree's workspace. Isolation tear-down has unmounted it everywhere first; symbolic links a program
     * left are deleted, never followed, and a mount still there (a failed unmount) is left alone, not emptied.
     */
    public void delete(long topId) {
        delete(dir(topId));
    }

    /** Deletes every tree's workspace, as {@link #delete(long)} does one. */
    public void deleteAll() {
        if (Files.isDirectory(root)) {
            try (var dirs = Files.list(root)) {
                dirs.forEach(Workspaces::delete);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot clean " + root, e);
            }
        }
    }

    /** Where tree {@code topId}'s workspace is, whether or not it exists. */
    public Path dir(long topId) {
        return root.resolve(Long.toString(topId));
    }

    private static void delete(Path dir) {
        try {
            if (!SafeDelete.deleteTree(dir)) {
                LOG.warning("workspace " + dir + " still holds a mount point: left in place");
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete workspace " + dir, e);
        }
    }
}
