package lurch.isolation.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lurch.isolation.IsolationException;

/**
 * A file in LURCH_HOME that says containers of this home may exist: made before the first container, removed
 * by a clean-up that found none left. Without it a start needs no Docker engine, nor docker-java's ~1,600
 * classes (about 15 MiB of an idle server, and of its start-up cache): most homes never run a container.
 */
final class ContainersMark {

    private final Path file;
    /** Whether this process made a container: then the mark stays until its next start's clean-up. */
    private boolean setHere;

    ContainersMark(Path home) {
        this.file = home.resolve("containers-may-exist");
    }

    /** Makes the mark before a container is made: with the home unwritable, no container is. */
    synchronized void set() throws IsolationException {
        if (setHere) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "containers of this LURCH_HOME may exist: the next start looks for them\n");
        } catch (IOException e) {
            throw new IsolationException("cannot write " + file + " before making a container: " + e.getMessage(), e);
        }
        setHere = true;
    }

    boolean isSet() {
        return Files.exists(file);
    }

    /** After a clean-up that left no container of this home: removed, unless this process has made one meanwhile. */
    synchronized void clear() {
        if (setHere) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // kept: the next start looks once more
        }
    }
}
