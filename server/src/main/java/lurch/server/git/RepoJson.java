package lurch.server.git;

import lurch.db.Repo;
import lurch.hooks.git.RemoteUrls;
import lurch.server.api.Json;

/**
 * A repository as the API shows it: whether a webhook secret and a status token are set, never any part of them
 * (even a few characters shorten a guess), and the clone URL without credentials.
 */
record RepoJson(String name, String url, boolean secretSet, String forge, boolean tokenSet, boolean cancelPrevious,
                String pullRequests, String created, String apiUrl, String branches, boolean tags) {

    static RepoJson of(Repo repo) {
        return new RepoJson(repo.name(), RemoteUrls.withoutCredentials(repo.cloneUrl()), isSet(repo.secret()),
                repo.statusForge(), isSet(repo.statusToken()), repo.cancelPrevious(), repo.pullRequests().dbName(),
                Json.time(repo.created()),
                repo.statusUrl() == null ? null : RemoteUrls.withoutCredentials(repo.statusUrl()), repo.branches(),
                repo.buildTags());
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
