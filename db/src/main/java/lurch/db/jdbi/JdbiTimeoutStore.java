package lurch.db.jdbi;

import lurch.db.RunDeadline;
import lurch.db.TimeoutStore;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.OptionalLong;

/** Program timeouts in table program_timeouts, top runs' deadlines in run_deadlines. */
public final class JdbiTimeoutStore implements TimeoutStore {

    private final Jdbi jdbi;

    public JdbiTimeoutStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void setProgramTimeout(String program, long seconds) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM program_timeouts WHERE program = ?").bind(0, program).execute();
            if (seconds > 0) {
                h.createUpdate("INSERT INTO program_timeouts (program, seconds) VALUES (?, ?)")
                        .bind(0, program).bind(1, seconds).execute();
            }
        });
    }

    @Override
    public OptionalLong programTimeout(String program) {
        return jdbi.withHandle(h -> h.createQuery("SELECT seconds FROM program_timeouts WHERE program = ?")
                .bind(0, program).mapTo(Long.class).findOne()
                .map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    @Override
    public void addDeadline(RunDeadline deadline) {
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO run_deadlines (top_id, deadline, seconds, source) VALUES (?, ?, ?, ?)")
                .bind(0, deadline.topId()).bind(1, TimeMapping.stored(deadline.deadline()))
                .bind(2, deadline.seconds()).bind(3, deadline.source()).execute());
    }

    @Override
    public List<RunDeadline> deadlines() {
        return jdbi.withHandle(h -> h.createQuery("SELECT top_id, deadline, seconds, source FROM run_deadlines"
                        + " ORDER BY top_id")
                .map((rs, ctx) -> new RunDeadline(rs.getLong("top_id"),
                        Columns.instant(rs, "deadline"),
                        rs.getLong("seconds"), rs.getString("source")))
                .list());
    }

    @Override
    public void removeDeadline(long topId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM run_deadlines WHERE top_id = ?").bind(0, topId).execute());
    }
}
