import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** W7 (logs half) and W8: the CLI reading from a running server, process start included. */
final class ReadWorkloads {

    private static final int W8_CALLS = 10;

    private final Cli cli;
    private final int rounds;

    ReadWorkloads(Cli cli, int rounds) {
        this.cli = cli;
        this.rounds = rounds;
    }

    /** {@code lurch logs RUN} of a million-line run, every line read from the pipe. */
    Row w7Logs(long run) throws IOException, InterruptedException {
        cli.run("logs", Long.toString(run));
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Cli.Timed logs = cli.run("logs", Long.toString(run));
            if (logs.lines() < 1_000_000) {
                throw new IOException("lurch logs " + run + " printed " + logs.lines() + " lines, not 1,000,000");
            }
            seconds.add(logs.millis() / 1000);
        }
        return Row.atMost("W7.logs", "lurch logs of W3's 1,000,000 lines", seconds, "s", 0.3);
    }

    /** {@code lurch runs -n 10}: CLI start-up plus one small API call. */
    Row w8() throws IOException, InterruptedException {
        cli.run("runs", "-n", "10");
        cli.run("runs", "-n", "10");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < W8_CALLS; i++) {
            millis.add(cli.run("runs", "-n", "10").millis());
        }
        return Row.atMost("W8", "./lurch runs -n 10 against a running server", millis, "ms", 150);
    }
}
