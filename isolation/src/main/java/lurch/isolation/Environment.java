package lurch.isolation;

import java.nio.file.Path;

/** A built isolation, as returned by {@link Isolator#setUp}; hand it back to {@link Isolator#start}. */
public sealed interface Environment permits Environment.Chroot, Environment.Docker {

    /** The isolate id it was built for. */
    String id();

    /** The host directory mounted at {@code /workspace}. */
    Path workspace();

    /** A chroot: {@code root} is the host directory the processes see as {@code /}. */
    record Chroot(String id, Path workspace, Path root) implements Environment {}

    /** A container of {@code image}, kept up (running {@code sleep}) for the whole isolate. */
    record Docker(String id, Path workspace, String image, String containerId) implements Environment {}
}
