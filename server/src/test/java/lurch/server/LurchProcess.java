package lurch.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code lurch ARGS} in a JVM of its own, on the tests' class path, as a user would run it. */
final class LurchProcess {

    private LurchProcess() {}

    /** Starts it with its stdout and stderr going to files in {@code outputs}: {@code out.txt}, {@code err.txt}. */
    static Process start(Map<String, String> env, Path outputs, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Files.createDirectories(outputs);
        return builder.redirectOutput(outputs.resolve("out.txt").toFile())
                .redirectError(outputs.resolve("err.txt").toFile()).start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
