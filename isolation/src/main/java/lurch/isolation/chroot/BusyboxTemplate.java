package lurch.isolation.chroot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import lurch.isolation.IsolationException;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;

/**
 * The one directory all busybox chroots share, read-only: {@code bin/busybox} (a copy of the static
 * host busybox) and a symlink to it for every applet. Built once ({@link AtomicDirectory}).
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
        try {
            AtomicDirectory.build(dir, staging -> {
                Path bin = Files.createDirectory(staging.resolve("bin"));
                Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
                for (String applet : applets()) {
                    if (!applet.equals("busybox")) {
                        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
                    }
                }
            });
        } catch (IOException | InterruptedException e) {
            throw new IsolationException("cannot build the busybox template in " + dir + ": " + e.getMessage(), e);
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
}
