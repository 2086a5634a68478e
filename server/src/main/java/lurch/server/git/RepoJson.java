package lurch.server.git;

import lurch.db.Repo;
import lurch.hooks.git.RemoteUrls;
import lurch.server.api.Json;

/** A repository as the API shows it: secret and token masked, credentials cut from the URL. */
record RepoJson(String name, String url, String secret, String forge, String token, boolean cancelPrevious,
                String created) {

    static RepoJson of(Repo repo) {
        return new RepoJson(repo.name(), RemoteUrls.withoutCredentials(repo.cloneUrl()), Masks.mask(repo.secret()),
                repo.statusForge(), Masks.mask(repo.statusToken()), repo.cancelPrevious(), Json.time(repo.created()));
    }
}
