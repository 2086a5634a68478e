package lurch.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import lurch.server.Config;
import lurch.server.api.CliToken;

/**
 * The command-line client: every subcommand that talks to a running server. Kept free of Helidon
 * and databind so that a call like {@code lurch runs -n 10} starts in well under 150 ms.
 */
public final class Cli {

    private Cli() {}

    /** Runs {@code args} (subcommand first); returns the exit code: 0, 1 on failure, 2 on usage errors. */
    public static int run(List<String> args, Config config, InputStream stdin, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("lurch: missing subcommand");
            err.println("usage: " + CommandLine.synopsis(""));
            return 2;
        }
        try {
            CliCommand command = CommandLine.parse(args.getFirst(), args.subList(1, args.size()));
            ApiClient api = new ApiClient(config.url(), token(config));
            return new Subcommands(api, new Formats(ZoneId.systemDefault()), stdin, out).run(command);
        } catch (UsageException e) {
            err.println("lurch: " + e.getMessage());
            err.println("usage: " + e.synopsis());
            return 2;
        } catch (CliFailure | IllegalArgumentException e) {
            err.println("lurch: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("lurch: " + e);
            return 1;
        } finally {
            out.flush();
        }
    }

    /** The text {@code lurch --help} prints: every subcommand of the contract. */
    public static String usage() {
        return CommandLine.usage();
    }

    /** LURCH_TOKEN, else the token the server wrote into LURCH_HOME. */
    static String token(Config config) throws IOException {
        String token = config.get("LURCH_TOKEN", null);
        if (token != null) {
            return token.trim();
        }
        Path file = config.home().resolve(CliToken.FILE);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new CliFailure("no API token: set LURCH_TOKEN, or start the server once so that it writes " + file);
        }
    }
}
