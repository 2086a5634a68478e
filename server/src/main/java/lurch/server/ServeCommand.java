package lurch.server;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code lurch serve}: runs the server and the engine until the process is stopped ({@link GracefulStop}). It prints a
 * short banner (URL, data directory, database, the first admin's password on a first start); warnings follow on
 * stderr, and libraries' information lines only with {@code LURCH_LOG_LEVEL=debug} ({@link ServerLogging}).
 */
final class ServeCommand {
    static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("lurch: usage: lurch serve [--LURCH_PORT=PORT ...]");
            return 2;
        }
        ServerLogging.configure(ServerLogging.Verbosity.of(config.get("LURCH_LOG_LEVEL", "info")), err);
        LurchServer server;
        try {
            server = LurchServer.start(config);
        } catch (RuntimeException e) {
            err.println("lurch: cannot start the server: " + e.getMessage());
            return 1;
        }
        // the first line is what ./lurch waits for when it records its start-up cache
        out.println("Lurch listening on http://" + config.bind() + ":" + server.port() + " (data in " + config.home() + ")");
        out.println("  database: " + database(config));
        server.firstAdminPassword().ifPresent(password -> out.println("  first start: web user 'admin' has password "
                + password + " (shown only now; change it with: ./lurch user add admin)"));
        out.flush();
        GracefulStop stop = new GracefulStop(server, out);
        stop.install();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The database in a few words, without credentials or H2's settings. */
    private static String database(Config config) {
        String url = config.dbUrl();
        if (url == null) {
            return "H2 in " + config.home().resolve("db");
        }
        String plain = url.split("[;?]", 2)[0];
        return (plain.startsWith("jdbc:postgresql:") ? "PostgreSQL " : "H2 ") + plain;
    }

    private ServeCommand() {}
}
