import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical limits W2 and W3 are compared with: the same programs inside a minimal busybox chroot,
 * no server, no cgroup, no database.
 */
final class Baseline {

    private static final String LOOP = "i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done";

    /** 100 {@code /bin/true}, fork+exec'd by a busybox shell loop. */
    static Row w2(Path work, Path busybox, int rounds) throws IOException, InterruptedException {
        List<Double> perExec = timed(chroot(work, busybox), busybox, rounds, ProcessBuilder.Redirect.INHERIT,
                "/bin/sh", "-c", LOOP).stream().map(millis -> millis / 100).toList();
        return Row.info("W2.baseline", "100 x /bin/true from a sh loop in a chroot, per exec", perExec, "ms");
    }

    /** {@code seq 1 1000000} (busybox's, as in Lurch's chroot), its output read from a pipe and dropped. */
    static Row w3(Path work, Path busybox, int rounds) throws IOException, InterruptedException {
        List<Double> seconds = timed(chroot(work, busybox), busybox, rounds, ProcessBuilder.Redirect.PIPE,
                "/bin/seq", "1", "1000000").stream().map(millis -> millis / 1000).toList();
        return Row.info("W3.baseline", "seq 1 1000000 in a chroot, read from its pipe", seconds, "s");
    }

    private static Path chroot(Path work, Path busybox) throws IOException {
        Path root = work.resolve("baseline-chroot");
        Path bin = root.resolve("bin");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            for (String applet : List.of("sh", "true", "seq")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        return root;
    }

    /** Wall milliseconds of {@code command} in {@code root}, {@code rounds} times after one warm-up round. */
    private static List<Double> timed(Path root, Path busybox, int rounds, ProcessBuilder.Redirect stdout, String... command)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(busybox.toString(), "chroot", root.toString()));
        line.addAll(List.of(command));
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) {
            long t0 = System.nanoTime();
            Process process = new ProcessBuilder(line).redirectOutput(stdout).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (stdout == ProcessBuilder.Redirect.PIPE) {
                process.getInputStream().transferTo(OutputStream.nullOutputStream());
            }
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed with " + process.exitValue());
            }
            if (i > 0) { // the first round warms the page cache
                millis.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return millis;
    }

    private Baseline() {}
}
