package lurch.server.cli;

/** A subcommand that could not be done (server unreachable, API error): one line on stderr, exit 1. */
public final class CliFailure extends RuntimeException {

    CliFailure(String message) {
        super(message);
    }
}
