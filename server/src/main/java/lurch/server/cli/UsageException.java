package lurch.server.cli;

/** Wrong command-line arguments: the CLI prints the message and the subcommand's synopsis, exit 2. */
final class UsageException extends RuntimeException {

    private final String synopsis;

    UsageException(String message, String synopsis) {
        super(message);
        this.synopsis = synopsis;
    }

    String synopsis() {
        return synopsis;
    }
}
