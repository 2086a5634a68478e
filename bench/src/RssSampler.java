import java.io.IOException;

/** Samples the server's VmRSS every few milliseconds on a thread of its own and keeps the peak. */
final class RssSampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 5;

    private final Server server;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double peakMib;

    RssSampler(Server server) throws IOException {
        this.server = server;
        this.peakMib = server.rssMib("VmRSS");
        this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
    }

    private void sample() {
        while (running) {
            try {
                peakMib = Math.max(peakMib, server.rssMib("VmRSS"));
                Thread.sleep(PERIOD_MILLIS);
            } catch (IOException | InterruptedException e) {
                return; // the server is gone; the peak so far stands
            }
        }
    }

    /** Stops sampling and returns the highest VmRSS seen, in MiB. */
    double peakMib() throws InterruptedException {
        running = false;
        thread.join();
        return peakMib;
    }

    @Override
    public void close() throws InterruptedException {
        peakMib();
    }
}
