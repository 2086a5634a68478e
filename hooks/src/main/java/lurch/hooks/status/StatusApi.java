package lurch.hooks.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import lurch.hooks.webhook.Forge;

/** A forge's commit-status endpoint: turns a status into the HTTP request that forge expects. */
public sealed interface StatusApi permits GitHubStatusApi, GitLabStatusApi, GiteaStatusApi {

    /** The forge this API belongs to. */
    Forge forge();

    /** The request that sets {@code status} on a commit of {@code repo} (the forge's full path, {@code owner/repo}). */
    HttpRequest request(String repo, CommitStatus status, Duration timeout);

    /**
     * The API of {@code forge} at {@code apiBase} (e.g. {@code https://api.github.com},
     * {@code https://gitlab.com/api/v4}, {@code https://git.example.org}), authenticated with {@code token}.
     */
    static StatusApi of(Forge forge, String apiBase, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(forge + " commit statuses need an API token");
        }
        if (apiBase == null || apiBase.isBlank()) {
            throw new IllegalArgumentException(forge + " commit statuses need the API URL (LURCH_"
                    + forge.id().toUpperCase(Locale.ROOT) + "_API_URL or --" + forge.id() + "-url)");
        }
        URI base = URI.create(apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase);
        return forge.statusApi(base, token);
    }
}
