package lurch.db.jdbi;

import lurch.db.Schedule;
import lurch.db.ScheduleStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Schedules in table schedules, their variables in schedule_vars. A firing is claimed with an optimistic
 * {@code UPDATE ... WHERE next_start = due} whose row count decides, in the transaction that creates the run: two
 * servers, or a crash between claim and run, can never start one minute twice (H2 has no usable SKIP LOCKED).
 */
public final class JdbiScheduleStore implements ScheduleStore {

    private static final String VARS = "schedule_vars";
    private final Jdbi jdbi;

    public JdbiScheduleStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void set(String program, String cron, Map<String, String> vars, Instant nextStart) {
        jdbi.useTransaction(h -> {
            Instant next = TimeMapping.stored(nextStart);
            int updated = h.createUpdate("UPDATE schedules SET cron = ?, next_start = ? WHERE program = ?")
                    .bind(0, cron).bind(1, next).bind(2, program).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO schedules (program, cron, next_start) VALUES (?, ?, ?)")
                        .bind(0, program).bind(1, cron).bind(2, next).execute();
            }
            h.createUpdate("DELETE FROM " + VARS + " WHERE program = ?").bind(0, program).execute();
            vars.forEach((name, value) -> KeyValueRows.put(jdbi, VARS, "program", program, name, value));
        });
    }

    @Override
    public boolean remove(String program) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM " + VARS + " WHERE program = ?").bind(0, program).execute();
            return h.createUpdate("DELETE FROM schedules WHERE program = ?").bind(0, program).execute() > 0;
        });
    }

    @Override
    public Optional<Schedule> get(String program) {
        return jdbi.withHandle(h -> select(h, " WHERE program = ?", program).stream().findFirst());
    }

    @Override
    public List<Schedule> list() {
        return jdbi.withHandle(h -> select(h, " ORDER BY program"));
    }

    private List<Schedule> select(Handle h, String where, Object... arguments) {
        var query = h.createQuery("SELECT program, cron, next_start, last_run FROM schedules" + where);
        for (int i = 0; i < arguments.length; i++) query.bind(i, arguments[i]);
        List<Schedule> withoutVars = query.map((rs, ctx) -> new Schedule(rs.getString("program"), rs.getString("cron"),
                        Map.of(), Columns.instant(rs, "next_start"), Columns.longOrNull(rs, "last_run")))
                .list();
        return withoutVars.stream().map(s -> new Schedule(s.program(), s.cron(),
                KeyValueRows.all(jdbi, VARS, "program", s.program()), s.nextStart(), s.lastRun())).toList();
    }

    @Override
    public Optional<Long> fire(String program, Instant due, Instant next, LongSupplier start) {
        return jdbi.inTransaction(h -> {
            int claimed = h.createUpdate("UPDATE schedules SET next_start = ? WHERE program = ? AND next_start = ?")
                    .bind(0, TimeMapping.stored(next)).bind(1, program).bind(2, TimeMapping.stored(due)).execute();
            if (claimed == 0) {
                return Optional.empty();
            }
            long runId = start.getAsLong();
            h.createUpdate("UPDATE schedules SET last_run = ? WHERE program = ?").bind(0, runId).bind(1, program)
                    .execute();
            return Optional.of(runId);
        });
    }
}
