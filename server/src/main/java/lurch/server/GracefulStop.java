package lurch.server;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * How {@code lurch serve} ends. The first SIGTERM (or SIGINT) stops it gracefully: no webhook or start is
 * taken any more, the output that waits is stored, and runs under way are left to the next start, which
 * resumes them. A second signal, or {@link #LIMIT} after the first, ends the process at once whatever is
 * still waiting (a database that does not answer, a disk that is full).
 */
final class GracefulStop {
    static final Duration LIMIT = Duration.ofSeconds(30);
    private final LurchServer server;
    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    GracefulStop(LurchServer server, PrintStream out) {
        this.server = server;
        this.out = out;
    }

    /** Handles SIGTERM and SIGINT from now on; a JVM shutdown by other means stops the server too. */
    void install() {
        Signal.handle(new Signal("TERM"), this::signalled);
        Signal.handle(new Signal("INT"), this::signalled);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "lurch-shutdown"));
    }

    /** Blocks until the server has stopped. */
    void await() throws InterruptedException {
        stopped.await();
    }

    private void signalled(Signal signal) {
        if (stopping.get()) {
            say("lurch: second SIG" + signal.getName() + ": exiting now; the next start resumes the runs");
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        Thread.ofPlatform().name("lurch-stop").start(this::stop);
    }

    private void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        say("lurch: stopping: no new webhooks or starts; storing the output that waits (at most "
                + LIMIT.toSeconds() + " s); runs under way resume at the next start");
        Thread.ofPlatform().daemon().name("lurch-stop-limit").start(() -> {
            try {
                Thread.sleep(LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            say("lurch: not stopped within " + LIMIT.toSeconds() + " s: exiting now");
            Runtime.getRuntime().halt(1);
        });
        server.close();
        say("lurch: stopped");
        stopped.countDown();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
