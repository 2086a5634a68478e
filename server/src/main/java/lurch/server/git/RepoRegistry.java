package lurch.server.git;

import io.helidon.http.Status;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lurch.db.Repo;
import lurch.db.RepoStore;
import lurch.server.api.ApiException;

/**
 * The registered repositories, checked when added and kept in memory as well: the webhook request path looks a
 * repository up on every delivery and must not spend a database round trip on it.
 */
final class RepoRegistry {
    static final int MAX_NAME = 200;
    private static final Set<String> SCHEMES = Set.of("file", "http", "https", "ssh");

    private final RepoStore store;
    private final Map<String, Repo> byName = new ConcurrentHashMap<>();

    RepoRegistry(RepoStore store) {
        this.store = store;
        store.list().forEach(repo -> byName.put(repo.name(), repo));
    }

    Optional<Repo> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The repository, or a 404 naming it. */
    Repo require(String name) {
        return get(name).orElseThrow(() -> ApiException.notFound("no repository named '" + name + "' is registered"));
    }

    List<Repo> list() {
        return store.list();
    }

    /** Checks and stores a new repository; 400 naming the bad field, 409 when the name is taken. */
    Repo add(Repo repo) {
        checkName(repo.name());
        checkUrl(repo.cloneUrl());
        if (repo.secret() == null || repo.secret().isBlank()) {
            throw ApiException.badRequest("secret: the webhook secret must not be empty");
        }
        if (!store.add(repo)) {
            throw new ApiException(Status.CONFLICT_409, "repository '" + repo.name()
                    + "' is already registered; remove it first to change it", Map.of());
        }
        Repo stored = store.get(repo.name()).orElseThrow();
        byName.put(stored.name(), stored);
        return stored;
    }

    void remove(String name) {
        if (!store.remove(name)) {
            throw ApiException.notFound("no repository named '" + name + "' is registered");
        }
        byName.remove(name);
    }

    /** A forge path: segments of letters, digits, '.', '-', '_' joined by '/', as GitHub and GitLab allow. */
    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+") || name.length() > MAX_NAME) {
            throw ApiException.badRequest("name: expected the forge's full path of the repository, like"
                    + " 'owner/repo' or 'group/subgroup/project' (at most " + MAX_NAME + " characters), not '"
                    + name + "'");
        }
    }

    private static void checkUrl(String url) {
        String scheme;
        try {
            scheme = url == null ? null : new URI(url).getScheme();
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("url: '" + url + "' is not a URL: " + e.getReason());
        }
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("url: expected a file://, http(s):// or ssh:// clone URL, not '" + url + "'");
        }
    }
}
