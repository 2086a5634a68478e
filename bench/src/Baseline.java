import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical limit W2 is compared with: the same 100 {@code /bin/true}, fork+exec'd by a busybox
 * shell loop inside a minimal busybox chroot, no server, no cgroup, no database.
 */
final class Baseline {

    private static final String LOOP = "i=0; while [ $i -lt 100 ]; do /bin/true; i=$((i+1)); done";

    static Row w2(Path work, Path busybox, int rounds) throws IOException, InterruptedException {
        Path root = work.resolve("baseline-chroot");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : List.of("sh", "true")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        List<Double> perExec = new ArrayList<>();
        for (int i = 0; i <= rounds; i++) {
            long t0 = System.nanoTime();
            Process loop = new ProcessBuilder(busybox.toString(), "chroot", root.toString(), "/bin/sh", "-c", LOOP)
                    .inheritIO().start();
            if (loop.waitFor() != 0) {
                throw new IOException("the baseline loop failed with " + loop.exitValue());
            }
            if (i > 0) { // the first round warms the page cache
                perExec.add((System.nanoTime() - t0) / 1e6 / 100);
            }
        }
        return Row.info("W2.baseline", "100 x /bin/true from a sh loop in a chroot, per exec", perExec, "ms");
    }

    private Baseline() {}
}
