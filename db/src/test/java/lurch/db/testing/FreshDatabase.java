package lurch.db.testing;

import lurch.db.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An empty database made for one test, with the JDBC url and credentials to open it (a server under test can
 * be given these). {@link #close()} deletes it: close every {@link Database} opened on it first.
 */
public final class FreshDatabase implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final Runnable delete;

    FreshDatabase(String url, String user, String password, Runnable delete) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.delete = delete;
    }

    static FreshDatabase h2(Path dir) {
        return new FreshDatabase(Database.h2Url(dir), "", "", () -> deleteTree(dir));
    }

    public String url() { return url; }

    public String user() { return user; }

    public String password() { return password; }

    /** Opens (and on first use migrates) this database. */
    public Database open() {
        return Database.open(url, user, password);
    }

    @Override
    public void close() {
        delete.run();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete test database directory " + dir, e);
        }
    }
}
