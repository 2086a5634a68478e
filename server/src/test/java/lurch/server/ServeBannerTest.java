package lurch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@code lurch serve} prints: a short banner on stdout, and on stderr no library's information line (Helidon,
 * Liquibase, HikariCP print several at every start) unless {@code LURCH_LOG_LEVEL=debug}.
 */
class ServeBannerTest {

    @Test
    void aFirstStartPrintsTheBannerWithThePasswordAndNoLibraryInformation() throws Exception {
        Path home = Files.createTempDirectory("lurch-banner-test-");
        Served served = serve(home, "info");
        List<String> out = served.banner();
        assertEquals(3, out.size(), served.out());
        assertTrue(out.get(0).matches("Lurch listening on http://127\\.0\\.0\\.1:\\d+ \\(data in "
                + Pattern.quote(home.toString()) + "\\)"), out.get(0));
        assertEquals("  database: H2 in " + home.resolve("db"), out.get(1));
        assertTrue(out.get(2).matches("  first start: web user 'admin' has password \\S{20} \\(shown only now; change"
                + " it with: \\./lurch user add admin\\)"), out.get(2));
        assertTrue(served.err().lines().noneMatch(ServeBannerTest::libraryInformation), served.err());
        assertTrue(served.err().lines().allMatch(ServeBannerTest::logRecord), "only log records: " + served.err());

        Served again = serve(home, "info");
        assertEquals(2, again.banner().size(), "no password on a later start: " + again.out());
        assertTrue(again.out().endsWith("lurch: stopped\n"), "the stop (SIGTERM) says so: " + again.out());
    }

    @Test
    void debugShowsTheLibrariesInformationLines() throws Exception {
        Served served = serve(Files.createTempDirectory("lurch-banner-test-"), "debug");
        assertTrue(served.err().lines().anyMatch(ServeBannerTest::libraryInformation), served.err());
    }

    @Test
    void anUnknownLevelIsNamed() throws Exception {
        Path home = Files.createTempDirectory("lurch-banner-test-");
        Process process = LurchProcess.start(Map.of("LURCH_HOME", home.toString(), "LURCH_LOG_LEVEL", "loud"),
                home.resolve("output"), "serve");
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertEquals("lurch: LURCH_LOG_LEVEL must be warn, info or debug, not 'loud'\n",
                Files.readString(home.resolve("output/err.txt")));
    }

    @Test
    void aPortInUseIsNamedAndTheServerExits() throws Exception {
        Path home = Files.createTempDirectory("lurch-banner-test-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process process = LurchProcess.start(Map.of("LURCH_HOME", home.toString(), "LURCH_PORT",
                    Integer.toString(port), "DOCKER_HOST", "unix:///nonexistent/docker.sock"), home.resolve("output"),
                    "serve");
            try {
                assertTrue(process.waitFor(120, TimeUnit.SECONDS), "a server without its port stays up");
            } finally {
                process.destroyForcibly();
            }
            assertEquals(1, process.exitValue());
            String err = Files.readString(home.resolve("output/err.txt"));
            assertTrue(err.startsWith("lurch: cannot start the server: cannot listen on 127.0.0.1:" + port + ": "),
                    err);
            assertEquals("", Files.readString(home.resolve("output/out.txt")), "no banner");
        }
    }

    /** A line at INFO from anything but Lurch, in Lurch's format or the JDK's. */
    private static boolean libraryInformation(String line) {
        return line.startsWith("INFO:") || line.startsWith("INFO ") && !line.startsWith("INFO lurch.");
    }

    /** A line of Lurch's log format, or of a stack trace below one: nothing a library printed on its own. */
    private static boolean logRecord(String line) {
        return line.matches("(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST) \\S+: .*") || line.startsWith("\t")
                || line.startsWith("Caused by: ") || line.matches("[\\w.$]+(Exception|Error)(: .*)?");
    }

    record Served(String out, String err) {
        /** What a start printed: stdout up to the lines of the stop that ended it. */
        List<String> banner() {
            return out.lines().takeWhile(line -> !line.startsWith("lurch: stopping")).toList();
        }
    }

    /** Starts {@code lurch serve}, waits for its banner and a moment more for late lines, then stops it. */
    private static Served serve(Path home, String level) throws Exception {
        Path outputs = home.resolve("output-" + System.nanoTime());
        Process process = LurchProcess.start(Map.of("LURCH_HOME", home.toString(), "LURCH_PORT",
                Integer.toString(LurchProcess.freePort()), "LURCH_LOG_LEVEL", level,
                "DOCKER_HOST", "unix:///nonexistent/docker.sock"), outputs, "serve");
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!Files.readString(outputs.resolve("out.txt")).contains("  database: ")) {
                assertTrue(process.isAlive(), () -> "the server exited: " + read(outputs.resolve("err.txt")));
                assertTrue(System.nanoTime() < deadline, "no banner within 2 minutes");
                Thread.sleep(50);
            }
            Thread.sleep(1000);
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        return new Served(Files.readString(outputs.resolve("out.txt")), Files.readString(outputs.resolve("err.txt")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
