package lurch.server.api;

import io.helidon.http.Status;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lurch.db.ApiToken;
import lurch.db.Role;
import lurch.db.TokenStore;

/**
 * The API tokens as requests are checked against them: a valid token is looked up once and then known from memory,
 * until it is revoked, which forgets it at once. The time of last use is written at most once a minute per token,
 * not on every request.
 */
public final class ApiTokens {
    private static final int MAX_KNOWN = 1024;
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A valid token and when its use was last written. */
    private record Known(ApiToken token, Instant written) {}

    private final TokenStore store;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** Guards remembering against revoking: a lookup that raced a revocation must not be remembered. */
    private final Object revocations = new Object();
    private long revocationCount;

    public ApiTokens(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new random token: 32 bytes as URL-safe text. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token {@code plain} is, when it is valid; records its use. */
    Optional<ApiToken> check(String plain) {
        Instant now = clock.instant();
        Known hit = known.get(plain);
        if (hit == null) {
            long revokedBefore;
            synchronized (revocations) {
                revokedBefore = revocationCount;
            }
            Optional<ApiToken> stored = store.find(plain);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            hit = new Known(stored.get(), Instant.EPOCH);
            synchronized (revocations) {
                if (revokedBefore == revocationCount) {
                    if (known.size() >= MAX_KNOWN) {
                        known.clear();
                    }
                    known.put(plain, hit);
                }
            }
        }
        if (Duration.between(hit.written(), now).compareTo(USE_RESOLUTION) >= 0) {
            store.used(hit.token().name(), now);
            known.replace(plain, hit, new Known(hit.token(), now));
        }
        return Optional.of(hit.token());
    }

    /** Makes token {@code name} for {@code owner} and returns its text, which is not kept. 409 when the name is taken. */
    String add(String name, String owner, Role role) {
        String plain = random();
        if (!store.add(name, owner, role, plain)) {
            throw new ApiException(Status.CONFLICT_409, "a token named '" + name
                    + "' exists; remove it first to make a new one", Map.of());
        }
        return plain;
    }

    List<ApiToken> list() {
        return store.list();
    }

    /** Revokes token {@code name} in the database and in memory; 404 when there is none. */
    void revoke(String name) {
        boolean removed = store.remove(name);
        synchronized (revocations) {
            revocationCount++;
            known.values().removeIf(k -> k.token().name().equals(name));
        }
        if (!removed) {
            throw ApiException.notFound("no token named '" + name + "'");
        }
    }
}
