package lurch.server;

import java.io.PrintStream;
import java.util.List;

/** {@code lurch serve}: runs the server and the engine until the process is stopped ({@link GracefulStop}). */
final class ServeCommand {
    static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("lurch: usage: lurch serve [--LURCH_PORT=PORT ...]");
            return 2;
        }
        LurchServer server;
        try {
            server = LurchServer.start(config);
        } catch (RuntimeException e) {
            err.println("lurch: cannot start the server: " + e.getMessage());
            return 1;
        }
        out.println("Lurch listening on http://" + config.bind() + ":" + server.port() + " (data in " + config.home() + ")");
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

    private ServeCommand() {}
}
