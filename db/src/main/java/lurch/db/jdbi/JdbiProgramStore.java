package lurch.db.jdbi;

import lurch.db.ProgramStore;
import lurch.db.ProgramSummary;
import lurch.db.ProgramVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Programs and their versions in tables programs and program_versions. */
public final class JdbiProgramStore implements ProgramStore {

    private static final String SELECT_VERSION = """
            SELECT v.id, v.program_id, p.name, v.version, v.source, v.author, v.created, v.pull_request
            FROM program_versions v JOIN programs p ON p.id = v.program_id
            """;

    private static final RowMapper<ProgramVersion> VERSION = (rs, ctx) -> new ProgramVersion(
            rs.getLong("id"), rs.getLong("program_id"), rs.getString("name"), rs.getInt("version"),
            rs.getString("source"), rs.getString("author"), Columns.instant(rs, "created"),
            rs.getBoolean("pull_request"));

    private static final RowMapper<ProgramSummary> SUMMARY = (rs, ctx) -> new ProgramSummary(
            rs.getString("name"), rs.getInt("version"), Columns.longOrNull(rs, "run_id"),
            Columns.status(rs, "status"), Columns.instant(rs, "started"), Columns.instant(rs, "stopped"),
            Columns.intOrNull(rs, "exit_code"));

    private final Jdbi jdbi;

    public JdbiProgramStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public ProgramVersion saveVersion(String name, String source, String author) {
        return save(name, source, author, false);
    }

    @Override
    public ProgramVersion savePullRequestVersion(String name, String source, String author) {
        return save(name, source, author, true);
    }

    private ProgramVersion save(String name, String source, String author, boolean pullRequest) {
        Instant now = TimeMapping.stored(Instant.now());
        return jdbi.inTransaction(h -> {
            long programId = lockProgram(h, name, now);
            int version = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM program_versions WHERE program_id = ?")
                    .bind(0, programId).mapTo(Integer.class).one();
            long id = h.createUpdate("""
                            INSERT INTO program_versions (program_id, version, source, author, created, pull_request)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .bind(0, programId).bind(1, version).bind(2, source).bind(3, author).bind(4, now)
                    .bind(5, pullRequest)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new ProgramVersion(id, programId, name, version, source, author, now, pullRequest);
        });
    }

    /** The program's id, creating it if needed; its row stays locked so concurrent saves number in turn. */
    private static long lockProgram(Handle h, String name, Instant now) {
        h.createUpdate("INSERT INTO programs (name, created) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .bind(0, name).bind(1, now).execute();
        return h.createQuery("SELECT id FROM programs WHERE name = ? FOR UPDATE")
                .bind(0, name).mapTo(Long.class).one();
    }

    @Override
    public Optional<ProgramVersion> latest(String name) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_VERSION + " WHERE p.name = ? AND NOT v.pull_request ORDER BY v.version DESC LIMIT 1")
                .bind(0, name).map(VERSION).findOne());
    }

    @Override
    public Optional<ProgramVersion> version(long versionId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_VERSION + " WHERE v.id = ?")
                .bind(0, versionId).map(VERSION).findOne());
    }

    @Override
    public List<ProgramVersion> versions(String name) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_VERSION + " WHERE p.name = ? AND NOT v.pull_request ORDER BY v.version DESC")
                .bind(0, name).map(VERSION).list());
    }

    @Override
    public List<ProgramSummary> list() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.name, (SELECT MAX(v.version) FROM program_versions v
                                WHERE v.program_id = p.id AND NOT v.pull_request) AS version,
                               r.id AS run_id, r.status, r.started, r.stopped, r.exit_code
                        FROM programs p
                        LEFT JOIN runs r ON r.id = (SELECT MAX(t.id) FROM runs t
                                                    WHERE t.program_id = p.id AND t.parent_id IS NULL)
                        ORDER BY p.name""")
                .map(SUMMARY).list());
    }

}
