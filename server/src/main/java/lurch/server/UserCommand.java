package lurch.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import lurch.db.Database;
import lurch.server.web.Accounts;

/**
 * {@code lurch user add NAME}: adds a web user, or sets a new password, with the password read from the first
 * line of stdin. Works offline on the database {@code serve} would open (LURCH_HOME, LURCH_DB_URL), so the first
 * admin can be made before the server ever runs.
 */
final class UserCommand {

    static int run(List<String> args, Config config, InputStream in, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !args.get(0).equals("add")) {
            err.println("lurch: usage: lurch user add NAME   (password on stdin)");
            return 2;
        }
        String password;
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line;
        } catch (IOException e) {
            err.println("lurch: cannot read the password from stdin: " + e.getMessage());
            return 1;
        }
        String url = config.dbUrl() != null ? config.dbUrl() : Database.h2Url(config.home().resolve("db"));
        try (Database db = Database.open(url, config.dbUser(), config.dbPassword())) {
            boolean added = new Accounts(db.users(), db.sessions(), Clock.systemUTC()).put(args.get(1), password);
            out.println((added ? "Added web user " : "Changed the password of web user ") + args.get(1) + ".");
            return 0;
        }
    }

    private UserCommand() {}
}
