package lurch.server;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import lurch.db.Database;
import lurch.isolation.IsolationConfig;
import lurch.isolation.Isolator;
import lurch.isolation.Isolators;
import lurch.server.worker.Worker;
import sun.misc.Signal;

/**
 * {@code lurch worker}: runs isolates claimed from the PostgreSQL database of {@code LURCH_DB_URL} until SIGTERM (or
 * SIGINT), which kills what runs here, gives it up (its runs end with exit code -133) and marks the worker stopped.
 */
final class WorkerCommand {

    static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("lurch: usage: lurch worker [--LURCH_DB_URL=jdbc:postgresql://... --LURCH_WORKER_NAME=NAME ...]");
            return 2;
        }
        String url = config.dbUrl();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            err.println("lurch: a worker needs the server's PostgreSQL database: set LURCH_DB_URL to a "
                    + "jdbc:postgresql:// URL (" + (url == null ? "it is not set" : "H2 has no workers") + ")");
            return 2;
        }
        ServerLogging.configure(ServerLogging.Verbosity.of(config.get("LURCH_LOG_LEVEL", "info")), err);
        Duration lease = config.workerLease();
        Worker.Settings settings = new Worker.Settings(config.workerName(), config.home(), config.maxProcesses(),
                Duration.ofMillis(Math.max(200, lease.toMillis() / 3)), config.artifactLimit());
        try (Database db = Database.open(url, config.dbUser(), config.dbPassword());
             Isolator isolator = Isolators.create(IsolationConfig.fromEnvironment(config.home(), config.values()));
             Worker worker = Worker.open(settings, db, url, config.dbUser(), config.dbPassword(), isolator, Clock.systemUTC())) {
            Signal.handle(new Signal("TERM"), signal -> worker.stop());
            Signal.handle(new Signal("INT"), signal -> worker.stop());
            out.println("Lurch worker " + settings.name() + " working for " + url.split("[;?]", 2)[0]
                    + " (data in " + config.home() + ")");
            out.flush();
            worker.run();
            out.println("lurch: worker " + settings.name() + " stopped");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            err.println("lurch: worker failed: " + e.getMessage());
            return 1;
        }
    }

    private WorkerCommand() {}
}
