package lurch.db.jdbi;

import lurch.db.ApiToken;
import lurch.db.Role;
import lurch.db.TokenStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in table api_tokens, stored as SHA-256 hex: tokens are long and random, so a plain (unsalted,
 * fast) hash suffices and allows lookup by hash.
 */
public final class JdbiTokenStore implements TokenStore {

    private static final RowMapper<ApiToken> TOKEN = (rs, ctx) -> new ApiToken(rs.getString("name"),
            rs.getString("owner"), Role.of(rs.getString("role")), Columns.instant(rs, "created"), Columns.instant(rs, "last_used"));

    private final Jdbi jdbi;

    public JdbiTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean add(String name, String owner, Role role, String plainToken) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO api_tokens (token_sha256, name, owner, role, created) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .bind(0, sha256(plainToken)).bind(1, name).bind(2, owner).bind(3, role.word())
                .bind(4, TimeMapping.stored(Instant.now())).execute() == 1);
    }

    @Override
    public void replace(String name, String owner, String plainToken) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM api_tokens WHERE name = ?").bind(0, name).execute();
            h.createUpdate("INSERT INTO api_tokens (token_sha256, name, owner, created) VALUES (?, ?, ?, ?)")
                    .bind(0, sha256(plainToken)).bind(1, name).bind(2, owner)
                    .bind(3, TimeMapping.stored(Instant.now())).execute();
        });
    }

    @Override
    public Optional<ApiToken> find(String plainToken) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE token_sha256 = ?")
                .bind(0, sha256(plainToken)).map(TOKEN).findOne());
    }

    @Override
    public void used(String name, Instant when) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used = ? WHERE name = ?")
                .bind(0, TimeMapping.stored(when)).bind(1, name).execute());
    }

    @Override
    public List<ApiToken> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens ORDER BY name").map(TOKEN).list());
    }

    @Override
    public boolean remove(String name) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM api_tokens WHERE name = ?").bind(0, name).execute() == 1);
    }

    @Override
    public boolean any() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM api_tokens LIMIT 1) t")
                .mapTo(Integer.class).one() > 0);
    }

    static String sha256(String plainToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plainToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
