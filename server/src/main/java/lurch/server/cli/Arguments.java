package lurch.server.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One subcommand's arguments split into positionals and options. Options are known per subcommand:
 * {@code flags} take no value, {@code valued} take the next argument; "--" ends the options.
 */
final class Arguments {

    private final String synopsis;
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    Arguments(List<String> args, String synopsis, Set<String> flags, Set<String> valued) {
        this.synopsis = synopsis;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (flags.contains(arg)) {
                options.put(arg, "");
            } else if (valued.contains(arg)) {
                if (i + 1 == args.size()) {
                    throw usage("option " + arg + " needs a value");
                }
                options.put(arg, args.get(++i));
            } else {
                throw usage("unknown option " + arg);
            }
        }
    }

    /** Checks that there are from {@code min} to {@code max} positionals. */
    Arguments count(int min, int max) {
        if (positionals.size() < min) {
            throw usage("missing argument");
        }
        if (positionals.size() > max) {
            throw usage("unexpected argument '" + positionals.get(max) + "'");
        }
        return this;
    }

    String positional(int index) {
        return index < positionals.size() ? positionals.get(index) : null;
    }

    List<String> positionals() {
        return positionals;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String option(String name) {
        return options.get(name);
    }

    /** A run number; "#12" is accepted as written in the CLI's own messages. */
    long run(int index) {
        String raw = positional(index);
        String digits = raw.startsWith("#") ? raw.substring(1) : raw;
        try {
            long run = Long.parseLong(digits);
            if (run > 0) {
                return run;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw usage("RUN must be a run number, not '" + raw + "'");
    }

    UsageException usage(String message) {
        return new UsageException(message, synopsis);
    }
}
