package lurch.db.testing;

import lurch.db.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A migrated, empty H2 database made once per JVM; fresh test databases are copies of its file, which takes
 * far less time than migrating each.
 */
final class H2Template {

    /** The file H2 keeps a database in, for the URL {@link Database#h2Url} gives. */
    private static final String FILE = "lurch.mv.db";

    private static Path template;

    private H2Template() {}

    static synchronized void copyTo(Path dir) throws IOException {
        if (template == null) {
            Path made = Files.createTempDirectory("lurch-test-h2-template-");
            FreshDatabase database = FreshDatabase.h2(made);
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
            database.open().close();
            template = made.resolve(FILE);
        }
        Files.copy(template, dir.resolve(FILE));
    }
}
