import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** W7 (logs half) and W8: the CLI and curl reading from a running server, process start included. */
final class ReadWorkloads {

    private static final int W8_CALLS = 10;

    private final Cli cli;
    private final Server server;
    private final int rounds;

    ReadWorkloads(Cli cli, Server server, int rounds) {
        this.cli = cli;
        this.server = server;
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

    /**
     * {@code curl .../api/runs/RUN/log.txt} of a million-line run, every line read from the pipe: what Laminar's
     * {@code curl .../log?raw} does (22-87 ms on this kind of machine). And the server's peak RSS meanwhile minus
     * before: the log is streamed, never held whole.
     */
    List<Row> w7Raw(long run) throws IOException, InterruptedException {
        List<String> curl = List.of("curl", "-sSf", "-H", "Authorization: Bearer " + server.token(),
                server.url() + "/api/runs/" + run + "/log.txt");
        cli.timed(curl);
        List<Double> millis = new ArrayList<>();
        List<Double> growth = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double before = server.rssMib("VmRSS");
            try (RssSampler sampler = new RssSampler(server)) {
                Cli.Timed raw = cli.timed(curl);
                if (raw.lines() < 1_000_000) { // and Lurch's own lines of the isolate
                    throw new IOException("log.txt of run " + run + " had " + raw.lines() + " lines, not 1,000,000");
                }
                millis.add(raw.millis());
                growth.add(sampler.peakMib() - before);
            }
        }
        return List.of(Row.atMost("W7.raw", "curl /api/runs/ID/log.txt of W3's 1,000,000 lines", millis, "ms", 87),
                Row.info("W7.raw_rss_growth", "server peak VmRSS during W7.raw minus before", growth, "MiB"));
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
