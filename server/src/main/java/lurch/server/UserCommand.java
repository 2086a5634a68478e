package lurch.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import lurch.db.Database;
import lurch.db.Role;
import lurch.server.api.UserAdmin;
import lurch.server.cli.CliFailure;
import lurch.server.cli.RemoteUsers;
import lurch.server.web.Accounts;

/**
 * {@code lurch user add NAME [--role admin|viewer]} (password on the first line of stdin), {@code user list},
 * {@code user rm NAME}: the users of the web pages. Through the API when a server answers at LURCH_URL; otherwise
 * offline on the database {@code serve} would open (LURCH_HOME, LURCH_DB_URL), so the first admin can be made before
 * the server ever runs. An H2 database held by a server that does not answer there is said in one line.
 */
final class UserCommand {

    static final String USAGE = "lurch: usage: lurch user add NAME [--role admin|viewer]   (password on stdin)"
            + " | lurch user list | lurch user rm NAME";
    /** H2's error code for a database file another process holds open. */
    private static final int H2_DATABASE_IN_USE = 90020;
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** One parsed invocation: {@code role} only for add, and null there when not given. */
    private record Invocation(String action, String name, Role role) {}

    static int run(List<String> args, Config config, InputStream in, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("lurch: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String password = null;
        if (invocation.action().equals("add")) {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? "" : line;
            } catch (IOException e) {
                err.println("lurch: cannot read the password from stdin: " + e.getMessage());
                return 1;
            }
        }
        try {
            Optional<UserAdmin> server = RemoteUsers.at(config);
            if (server.isPresent()) {
                return act(invocation, password, server.get(), out, err);
            }
            // offline, the database's libraries log as they would in the server: their information lines stay quiet
            ServerLogging.configure(ServerLogging.Verbosity.of(config.get("LURCH_LOG_LEVEL", "info")), err);
            String url = config.dbUrl() != null ? config.dbUrl() : Database.h2Url(config.home().resolve("db"));
            try (Database db = Database.open(url, config.dbUser(), config.dbPassword())) {
                return act(invocation, password, new Accounts(db.users(), db.sessions(), Clock.systemUTC()), out, err);
            } catch (RuntimeException e) {
                if (!inUse(e)) {
                    throw e;
                }
                err.println("lurch: the database is in use by a running server at " + url.split(";", 2)[0]
                        + "; it does not answer at " + config.url() + ": set LURCH_URL to its address, or stop it");
                return 1;
            }
        } catch (CliFailure | IllegalArgumentException e) {
            err.println("lurch: " + e.getMessage());
            return 1;
        }
    }

    private static int act(Invocation invocation, String password, UserAdmin users, PrintStream out, PrintStream err) {
        String name = invocation.name();
        switch (invocation.action()) {
            case "add" -> {
                Role role = invocation.role();
                if (users.put(name, password, role)) {
                    out.println("Added web user " + name + " (" + (role == null ? Role.ADMIN : role).word() + ").");
                } else {
                    out.println("Changed the password of web user " + name
                            + (role == null ? "" : "; role " + role.word()) + ".");
                }
            }
            case "list" -> {
                out.println("# user\trole\tcreated");
                users.list().forEach(u -> out.println(u.name() + "\t" + u.role().word() + "\t"
                        + LOCAL_TIME.format(LocalDateTime.ofInstant(u.created(), ZoneId.systemDefault()))));
            }
            default -> {
                if (!users.remove(name)) {
                    err.println("lurch: no user named '" + name + "'");
                    return 1;
                }
                out.println("Removed web user " + name + ".");
            }
        }
        return 0;
    }

    private static Invocation parse(List<String> args) {
        String action = args.isEmpty() ? "" : args.get(0);
        return switch (action) {
            case "list" -> {
                expectSize(args, 1);
                yield new Invocation(action, null, null);
            }
            case "rm" -> {
                expectSize(args, 2);
                yield new Invocation(action, args.get(1), null);
            }
            case "add" -> {
                if (args.size() == 4 && args.get(2).equals("--role")) {
                    yield new Invocation(action, args.get(1), Role.of(args.get(3)));
                }
                expectSize(args, 2);
                yield new Invocation(action, args.get(1), null);
            }
            default -> throw new IllegalArgumentException("expected 'add', 'list' or 'rm'"
                    + (action.isEmpty() ? "" : ", not '" + action + "'"));
        };
    }

    private static void expectSize(List<String> args, int size) {
        if (args.size() != size) {
            throw new IllegalArgumentException("user " + args.get(0) + " takes " + (size == 1 ? "no argument"
                    : "the user's NAME" + (args.get(0).equals("add") ? " and optionally --role admin|viewer" : "")));
        }
    }

    /** Whether opening the database failed because another process (a server) holds the H2 file. */
    private static boolean inUse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return true;
            }
        }
        return false;
    }

    private UserCommand() {}
}
