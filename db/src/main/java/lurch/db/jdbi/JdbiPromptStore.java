package lurch.db.jdbi;

import lurch.db.Prompt;
import lurch.db.PromptStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Prompts in table prompts, one per run; settling is a conditional UPDATE so a prompt settles once. */
public final class JdbiPromptStore implements PromptStore {

    private static final RowMapper<Prompt> PROMPT = (rs, ctx) -> new Prompt(rs.getLong("run_id"),
            Prompt.Kind.valueOf(rs.getString("kind")), rs.getString("name"), rs.getString("comment"),
            rs.getString("default_value"), Columns.instant(rs, "deadline"), Columns.instant(rs, "created"),
            Columns.instant(rs, "settled"), rs.getString("settled_by"), rs.getString("result"),
            rs.getString("message"));

    private final Jdbi jdbi;

    public JdbiPromptStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void open(Prompt prompt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO prompts (run_id, kind, name, comment, default_value, deadline, created, settled,
                                             settled_by, result, message)
                        VALUES (:runId, :kind, :name, :comment, :defaultValue, :deadline, :created, :settled,
                                :settledBy, :result, :message)""")
                .bindMethods(prompt).bind("kind", prompt.kind().name()).execute());
    }

    @Override
    public Optional<Prompt> get(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM prompts WHERE run_id = ?")
                .bind(0, runId).map(PROMPT).findOne());
    }

    @Override
    public boolean settle(long runId, Instant when, String by, String result, String message) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE prompts SET settled = ?, settled_by = ?, result = ?, message = ?
                        WHERE run_id = ? AND settled IS NULL""")
                .bind(0, when).bind(1, by).bind(2, result).bind(3, message).bind(4, runId).execute() == 1);
    }

    @Override
    public List<Prompt> open() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM prompts WHERE settled IS NULL ORDER BY created, run_id")
                .map(PROMPT).list());
    }
}
