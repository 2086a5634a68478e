package lurch.db.jdbi;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.sql.Types;

/**
 * Binds instants to TIMESTAMP WITH TIME ZONE as OffsetDateTime, which both drivers convert exactly (the
 * java.sql.Timestamp route goes through the JVM's zone); {@link Columns#instant} reads them back. Stored to the millisecond, so what a store
 * returns equals what it later reads.
 */
public final class TimeMapping {

    private TimeMapping() {}

    public static Jdbi install(Jdbi jdbi) {
        return jdbi.registerArgument(new InstantArgumentFactory());
    }

    /** The precision the database keeps. */
    public static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
        InstantArgumentFactory() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            OffsetDateTime utc = stored(value).atOffset(ZoneOffset.UTC);
            return (position, statement, ctx) -> statement.setObject(position, utc);
        }
    }
}
