package lurch.server;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lurch.server.cli.Cli;

/**
 * {@code lurch SUBCOMMAND ...}: {@code serve} runs the server, {@code check} and {@code fmt} work
 * offline, every other subcommand is a client of a running server's REST API. A flag named like a
 * configuration variable ({@code --LURCH_PORT=9000}) wins over the environment.
 */
public final class Main {

    public static void main(String[] args) {
        int code = run(List.of(args), System.getenv(), System.in, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(List<String> args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        Map<String, String> flags = new HashMap<>();
        List<String> rest = new ArrayList<>();
        try {
            splitConfigFlags(args, flags, rest);
        } catch (IllegalArgumentException e) {
            err.println("lurch: " + e.getMessage());
            return 2;
        }
        Config config = Config.of(env, flags);
        if (rest.isEmpty() || List.of("--help", "-h", "help").contains(rest.get(0))) {
            (rest.isEmpty() ? err : out).print(Cli.usage());
            return rest.isEmpty() ? 2 : 0;
        }
        List<String> params = rest.subList(1, rest.size());
        try {
            return switch (rest.get(0)) {
                case "serve" -> ServeCommand.run(params, config, out, err);
                case "check" -> OfflineCommands.check(params, out, err);
                case "fmt" -> OfflineCommands.fmt(params, out, err);
                case "user" -> UserCommand.run(params, config, in, out, err);
                case "worker" -> WorkerCommand.run(params, config, out, err);
                default -> Cli.run(rest, config, in, out, err);
            };
        } catch (IllegalArgumentException e) {
            err.println("lurch: " + e.getMessage());
            return 1;
        }
    }

    /** Moves {@code --LURCH_X=V} and {@code --LURCH_X V} (and CGROUP_*, DOCKER_HOST) into {@code flags}. */
    private static void splitConfigFlags(List<String> args, Map<String, String> flags, List<String> rest) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : "";
            if (!isConfigName(name)) {
                rest.add(arg);
            } else if (arg.contains("=")) {
                flags.put(name, arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.size()) {
                flags.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
    }

    private static boolean isConfigName(String name) {
        return name.startsWith("LURCH_") || name.startsWith("CGROUP_") || name.equals("DOCKER_HOST");
    }

    private Main() {}
}
