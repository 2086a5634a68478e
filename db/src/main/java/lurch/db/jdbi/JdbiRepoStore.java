package lurch.db.jdbi;

import lurch.db.Repo;
import lurch.db.RepoStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Repositories in table repos. */
public final class JdbiRepoStore implements RepoStore {

    private static final RowMapper<Repo> REPO = (rs, ctx) -> new Repo(rs.getString("name"),
            rs.getString("clone_url"), rs.getString("secret"), rs.getString("status_forge"),
            rs.getString("status_token"), rs.getBoolean("cancel_previous"),
            Repo.PullRequests.ofName(rs.getString("pull_requests")), Columns.instant(rs, "created"),
            rs.getString("status_url"), rs.getString("branches"), rs.getBoolean("build_tags"));

    private final Jdbi jdbi;

    public JdbiRepoStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean add(Repo repo) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO repos (name, clone_url, secret, status_forge, status_token, cancel_previous,
                                           pull_requests, created, status_url, branches, build_tags)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .bind(0, repo.name()).bind(1, repo.cloneUrl()).bind(2, repo.secret()).bind(3, repo.statusForge())
                .bind(4, repo.statusToken()).bind(5, repo.cancelPrevious()).bind(6, repo.pullRequests().dbName())
                .bind(7, TimeMapping.stored(repo.created() == null ? Instant.now() : repo.created()))
                .bind(8, repo.statusUrl()).bind(9, repo.branches()).bind(10, repo.buildTags())
                .execute() == 1);
    }

    @Override
    public Optional<Repo> get(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM repos WHERE name = ?")
                .bind(0, name).map(REPO).findOne());
    }

    @Override
    public List<Repo> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM repos ORDER BY name").map(REPO).list());
    }

    @Override
    public boolean remove(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM repos WHERE name = ?").bind(0, name).execute() == 1);
    }
}
