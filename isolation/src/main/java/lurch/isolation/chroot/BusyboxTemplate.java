package lurch.isolation.chroot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import lurch.isolation.IsolationException;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;
import lurch.isolation.linux.SafeDelete;

/**
 * The one directory all busybox chroots share, read-only: {@code bin/busybox} (a copy of the static
 * host busybox) and a symlink to it for every applet. Built once, into a temporary directory that is
 * renamed into place, so a crash never leaves a half-built template behind.
 */
final class BusyboxTemplate {

    private final Path busybox;
    private final Path dir;
    private volatile boolean ready;

    BusyboxTemplate(Path busybox, Path dir) {
        this.busybox = busybox;
        this.dir = dir;
    }

    /** The template's {@code bin} directory, built first if needed. */
    Path bin(OutputSink log) throws IsolationException {
        if (!ready) {
            build(log);
        }
        return dir.resolve("bin");
    }

    private synchronized void build(OutputSink log) throws IsolationException {
        if (ready || Files.isRegularFile(dir.resolve("bin/busybox"))) {
            ready = true;
            return;
        }
        checkStatic();
        log.line(Stream.INFO, System.currentTimeMillis(), "Building the busybox template " + dir + " from " + busybox);
        Path staging = null;
        try {
            Files.createDirectories(dir.getParent());
            staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
            Path bin = Files.createDirectory(staging.resolve("bin"));
            Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            for (String applet : applets()) {
                if (!applet.equals("busybox")) {
                    Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
                }
            }
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
        } catch (FileAlreadyExistsException e) {
            // another server built it at the same moment: use theirs
        } catch (IOException | InterruptedException e) {
            throw new IsolationException("cannot build the busybox template in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(staging);
        }
        ready = true;
    }

    /** A dynamically linked busybox cannot run in a chroot without its libraries: say so up front. */
    private void checkStatic() throws IsolationException {
        if (!Files.isExecutable(busybox)) {
            throw new IsolationException("busybox not found at " + busybox
                    + ": install busybox-static or set LURCH_BUSYBOX to a statically linked busybox");
        }
        try (var in = Files.newInputStream(busybox)) {
            String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
            if (head.contains("/ld-linux") || head.contains("/ld-musl")) {
                throw new IsolationException("busybox " + busybox
                        + " is dynamically linked: chroots need a static one (set LURCH_BUSYBOX)");
            }
        } catch (IOException e) {
            throw new IsolationException("cannot read busybox " + busybox + ": " + e.getMessage(), e);
        }
    }

    private List<String> applets() throws IOException, InterruptedException {
        Process list = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
        List<String> names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(String::strip).filter(name -> name.matches("[A-Za-z0-9_.\\[\\]-]+")).toList();
        if (list.waitFor() != 0 || names.isEmpty()) {
            throw new IOException(busybox + " --list gave no applets");
        }
        return names;
    }

    private static void deleteQuietly(Path staging) {
        try {
            if (staging != null) {
                SafeDelete.deleteTree(staging);
            }
        } catch (IOException e) {
            System.getLogger(BusyboxTemplate.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot delete " + staging + ": " + e.getMessage());
        }
    }
}
