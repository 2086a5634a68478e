package lurch.isolation.chroot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import lurch.isolation.IsolationException;
import lurch.isolation.linux.SafeDelete;

/**
 * {@code lurch-sandbox}, the static C program every chroot exec starts with (its source is
 * {@code src/main/c/lurch-sandbox.c}), taken out of the jar once into {@code <chroots>/.lurch-sandbox-<crc>/}:
 * the checksum in the name makes an upgraded Lurch install its own build, never run a stale one; the builds of
 * earlier versions are removed then.
 */
final class SandboxProgram {

    static final String NAME = "lurch-sandbox";

    private final Path chroots;
    private volatile Path path;

    SandboxProgram(Path chroots) {
        this.chroots = chroots;
    }

    /** The installed program, installed first if needed. */
    Path path() throws IsolationException {
        Path installed = path;
        return installed != null ? installed : install();
    }

    private synchronized Path install() throws IsolationException {
        if (path != null) {
            return path;
        }
        try {
            byte[] program = bundled();
            CRC32 crc = new CRC32();
            crc.update(program);
            Path dir = chroots.resolve("." + NAME + "-" + Long.toHexString(crc.getValue()));
            if (!Files.isExecutable(dir.resolve(NAME))) {
                AtomicDirectory.build(dir, staging -> {
                    Path file = Files.write(staging.resolve(NAME), program);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
                });
            }
            removeOtherBuilds(dir);
            path = dir.resolve(NAME);
            return path;
        } catch (IOException e) {
            throw new IsolationException("cannot install " + NAME + " into " + chroots + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IsolationException("interrupted while installing " + NAME, e);
        }
    }

    /** The programs earlier builds of Lurch installed: no isolate runs them, since isolates end with their server. */
    private void removeOtherBuilds(Path current) throws IOException {
        try (Stream<Path> dirs = Files.list(chroots)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith("." + NAME + "-") && !AtomicDirectory.isStaging(name) && !dir.equals(current)) {
                    SafeDelete.deleteTree(dir);
                }
            }
        }
    }

    private static byte[] bundled() throws IOException {
        try (InputStream in = SandboxProgram.class.getResourceAsStream(NAME)) {
            if (in == null) {
                throw new IOException(NAME + " is not in this build of Lurch (built without a C compiler?)");
            }
            return in.readAllBytes();
        }
    }
}
