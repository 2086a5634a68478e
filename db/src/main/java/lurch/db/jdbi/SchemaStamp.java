package lurch.db.jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A digest of the changelog files, stored in the database after each successful migration. When the
 * stored digest equals the changelog's, the schema is current and Liquibase (seconds of start-up
 * spent loading and parsing) need not run at all.
 */
final class SchemaStamp {
    private static final Pattern INCLUDE = Pattern.compile("<include\\s+file=\"([^\"]+)\"");

    private SchemaStamp() {}

    /** The SHA-256 of the master changelog and every file it includes, in order. */
    static String of(String masterResource) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String master = read(masterResource);
            digest.update(master.getBytes(StandardCharsets.UTF_8));
            String dir = masterResource.substring(0, masterResource.lastIndexOf('/') + 1);
            Matcher include = INCLUDE.matcher(master);
            while (include.find()) {
                digest.update(read(dir + include.group(1)).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Whether the database was last migrated with exactly this changelog. */
    static boolean matches(Connection connection, String stamp) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT stamp FROM lurch_schema_stamp")) {
            return rows.next() && stamp.equals(rows.getString(1));
        } catch (SQLException e) {
            rollbackQuietly(connection); // no stamp table yet: a new or older database
            return false;
        }
    }

    static void write(Connection connection, String stamp) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS lurch_schema_stamp (stamp VARCHAR(64) NOT NULL)");
            statement.execute("DELETE FROM lurch_schema_stamp");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lurch_schema_stamp (stamp) VALUES (?)")) {
            insert.setString(1, stamp);
            insert.executeUpdate();
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static String read(String resource) {
        try (InputStream in = SchemaStamp.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("changelog resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the next statement reports a broken connection
        }
    }
}
