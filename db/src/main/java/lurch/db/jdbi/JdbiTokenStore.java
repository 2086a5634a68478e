package lurch.db.jdbi;

import lurch.db.TokenStore;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API tokens in table api_tokens, stored as SHA-256 hex: tokens are long and random, so a plain (unsalted,
 * fast) hash suffices and allows lookup by hash.
 */
public final class JdbiTokenStore implements TokenStore {

    private final Jdbi jdbi;

    public JdbiTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(String owner, String plainToken) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_tokens (token_sha256, owner, created) VALUES (?, ?, ?)")
                .bind(0, sha256(plainToken)).bind(1, owner).bind(2, Instant.now()).execute());
    }

    @Override
    public Optional<String> ownerOf(String plainToken) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner FROM api_tokens WHERE token_sha256 = ?")
                .bind(0, sha256(plainToken)).mapTo(String.class).findOne());
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
