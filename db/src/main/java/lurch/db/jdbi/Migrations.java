package lurch.db.jdbi;

import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.ui.LoggerUIService;
import lurch.db.DatabaseException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Brings a database's schema up to date with the Liquibase changelog; a current schema is left as it is. */
public final class Migrations {

    private static final String CHANGELOG = "lurch/db/changelog/master.xml";

    /** Held so the level set below stays (JUL keeps loggers weakly). */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        // Liquibase reports every step at INFO; unless logging is configured for it, keep only its warnings.
        if (LIQUIBASE_LOG.getLevel() == null) LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    private Migrations() {}

    /** Runs on its own connection: Liquibase leaves a transaction open that a pooled connection must not keep. */
    public static void run(String url, String user, String password) {
        run(url, user, password, CHANGELOG);
    }

    /** Applies {@code changelog}, a classpath resource; tests use older ones to make older databases. */
    static void run(String url, String user, String password, String changelog) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            String stamp = SchemaStamp.of(changelog);
            if (SchemaStamp.matches(connection, stamp)) {
                return;
            }
            var database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            // No console output, and no usage analytics sent over the network.
            Map<String, Object> quiet = Map.of(
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    AnalyticsArgs.ENABLED.getKey(), false);
            Scope.child(quiet, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                    .execute());
            SchemaStamp.write(connection, stamp);
        } catch (Exception e) {
            throw new DatabaseException("cannot migrate the database at " + url + ": " + e.getMessage(), e);
        }
    }
}
