package lurch.server;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The server's own output through java.util.logging, where every library of the stack logs too (Helidon and
 * Liquibase directly; docker-java, JGit and others through slf4j-jdk14). {@code LURCH_LOG_LEVEL}: {@code warn} shows
 * warnings and errors only; {@code info} (the default) adds Lurch's own information lines but no library's;
 * {@code debug} adds the libraries' information lines and Lurch's details. One line a record, on stderr.
 */
final class ServerLogging {

    /** The levels {@code LURCH_LOG_LEVEL} takes. */
    enum Verbosity {
        WARN(Level.WARNING, Level.WARNING), INFO(Level.INFO, Level.WARNING), DEBUG(Level.FINE, Level.INFO);

        final Level lurch;
        final Level libraries;

        Verbosity(Level lurch, Level libraries) {
            this.lurch = lurch;
            this.libraries = libraries;
        }

        /** @throws IllegalArgumentException naming the allowed values */
        static Verbosity of(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "warn" -> WARN;
                case "info" -> INFO;
                case "debug" -> DEBUG;
                default -> throw new IllegalArgumentException("LURCH_LOG_LEVEL must be warn, info or debug, not '"
                        + value + "'");
            };
        }
    }

    private ServerLogging() {}

    /** Replaces the JDK's logging set-up (two lines a record, libraries' INFO included) with Lurch's. */
    static void configure(Verbosity verbosity, PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(verbosity.libraries);
        Logger.getLogger("lurch").setLevel(verbosity.lurch);
        root.addHandler(new Lines(err));
    }

    /** Writes each record at once, so that lines of a crash are not lost in a buffer. */
    private static final class Lines extends Handler {
        private final PrintStream err;

        Lines(PrintStream err) {
            this.err = err;
            setFormatter(new OneLine());
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                err.print(getFormatter().format(record));
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush(); // never closes stderr
        }
    }

    /** {@code LEVEL logger: message}, the stack trace of a thrown exception below it. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLevel().getName()).append(' ')
                    .append(record.getLoggerName()).append(": ").append(formatMessage(record)).append('\n');
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
