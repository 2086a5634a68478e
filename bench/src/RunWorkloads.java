import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** W1, W2, W3 and W5: programs started and awaited over the REST API. */
final class RunWorkloads {

    private static final int W1_STARTS = 30;
    private static final int W1_WARM_UP = 100;
    private static final int W2_EXECS = 100;
    private static final int W5_RUNS = 20;

    private final Api api;
    private final Server server;
    private final int rounds;
    private long lastMillionLineRun;

    RunWorkloads(Api api, Server server, int rounds) {
        this.api = api;
        this.server = server;
        this.rounds = rounds;
    }

    /** Trigger to finish of one {@code /bin/true}, 30 sequential starts after a warm-up. */
    Row w1() throws IOException, InterruptedException {
        api.putProgram("w1", Programs.TRUE);
        for (int i = 0; i < W1_WARM_UP; i++) { // a JVM server compiles its hot paths over the first runs
            api.runToSuccess("w1");
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < W1_STARTS; i++) {
            long t0 = System.nanoTime();
            api.runToSuccess("w1");
            millis.add((System.nanoTime() - t0) / 1e6);
        }
        return Row.atMost("W1", "trigger to finish, isolate + exec /bin/true", millis, "ms", 12);
    }

    /**
     * 100 {@code /bin/true} in one isolate: wall time per exec, and the CPU the server and the processes it
     * launched spent per exec (less moved by a busy shared host than the wall time).
     */
    List<Row> w2() throws IOException, InterruptedException {
        api.putProgram("w2", Programs.trueSequence(W2_EXECS));
        api.runToSuccess("w2");
        List<Double> perExec = new ArrayList<>();
        List<Double> cpuPerExec = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double cpu0 = server.cpuSeconds();
            long t0 = System.nanoTime();
            api.runToSuccess("w2");
            perExec.add((System.nanoTime() - t0) / 1e6 / W2_EXECS);
            cpuPerExec.add((server.cpuSeconds() - cpu0) * 1e3 / W2_EXECS);
        }
        return List.of(Row.atMost("W2", "sequence of 100 exec /bin/true, per exec", perExec, "ms", 5),
                Row.info("W2.cpu", "server CPU per W2 exec, its JVM and the processes it launched", cpuPerExec, "ms"));
    }

    /**
     * {@code seq 1 1000000}: start to finished with every line stored, the CPU the server's JVM spent on it (not
     * seq's: less moved by a busy shared host than the wall time), and the server's RSS meanwhile.
     */
    List<Row> w3() throws IOException, InterruptedException {
        api.putProgram("w3", Programs.SEQ_MILLION);
        api.runToSuccess("w3");
        List<Double> seconds = new ArrayList<>();
        List<Double> jvmSeconds = new ArrayList<>();
        List<Double> growth = new ArrayList<>();
        int measured = Math.max(3, rounds / 2); // each round stores another million lines
        for (int i = 0; i < measured; i++) {
            double before = server.rssMib("VmRSS");
            try (RssSampler sampler = new RssSampler(server)) {
                double cpu0 = server.jvmCpuSeconds();
                long t0 = System.nanoTime();
                lastMillionLineRun = api.start("w3");
                api.expectSuccess(lastMillionLineRun);
                seconds.add((System.nanoTime() - t0) / 1e9);
                jvmSeconds.add(server.jvmCpuSeconds() - cpu0);
                growth.add(sampler.peakMib() - before);
            }
        }
        return List.of(
                Row.atMost("W3", "seq 1 1000000, start to all lines stored", seconds, "s", 0.2),
                Row.info("W3.cpu", "server JVM CPU per W3 run (without seq's)", jvmSeconds, "s"),
                Row.atMost("W3.rss_growth", "server peak VmRSS during W3 minus before", growth, "MiB", 64),
                Row.info("W3.hwm", "server VmHWM (lifetime peak) after W3", List.of(server.rssMib("VmHWM")), "MiB"));
    }

    /** The run W7 reads back: the last of W3's million-line runs. */
    long millionLineRun() {
        return lastMillionLineRun;
    }

    /** 20 two-second sleeps started at once: time until all have ended. */
    Row w5() throws Exception {
        api.putProgram("w5", Programs.SLEEP_2);
        List<Double> seconds = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < Math.max(3, rounds / 2); i++) {
                long t0 = System.nanoTime();
                List<Future<Object>> runs = new ArrayList<>();
                for (int r = 0; r < W5_RUNS; r++) {
                    runs.add(clients.submit(() -> {
                        api.runToSuccess("w5");
                        return null;
                    }));
                }
                for (Future<Object> run : runs) {
                    run.get();
                }
                seconds.add((System.nanoTime() - t0) / 1e9);
            }
        }
        return Row.atMost("W5", "20 x (exec /bin/sleep 2) started at once, all done", seconds, "s", 2.05);
    }
}
