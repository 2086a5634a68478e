import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code ./lurch ARGS} against the bench server as a user would, timing the whole process. */
final class Cli {

    /** Wall time and the number of lines the command printed. */
    record Timed(double millis, long lines) {}

    private final Setup setup;
    private final Map<String, String> environment;

    Cli(Setup setup, Server server) {
        this.setup = setup;
        this.environment = Server.environment(setup, server.port());
    }

    /** Runs {@code ./lurch ARGS}, counting its output lines (so the reading is part of the time); fails unless it exits 0. */
    Timed run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(setup.root().resolve("lurch").toString());
        command.addAll(List.of(args));
        return timed(command);
    }

    /** Runs another program ({@code curl}, say) the same way. */
    Timed timed(List<String> command) throws IOException, InterruptedException {
        String[] args = command.toArray(String[]::new);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(setup.work().resolve("cli.log").toFile()));
        builder.environment().putAll(environment);
        long t0 = System.nanoTime();
        Process process = builder.start();
        long lines = countLines(process.getInputStream());
        int exit = process.waitFor();
        double millis = (System.nanoTime() - t0) / 1e6;
        if (exit != 0) {
            throw new IOException(String.join(" ", args) + " exited with " + exit + "; see cli.log");
        }
        return new Timed(millis, lines);
    }

    private static long countLines(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long lines = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }
}
