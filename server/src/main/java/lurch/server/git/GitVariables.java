package lurch.server.git;

import java.util.LinkedHashMap;
import java.util.Map;
import lurch.db.Repo;
import lurch.hooks.git.CommitInfo;
import lurch.hooks.git.RemoteUrls;

/**
 * The contract's built-in variables of a git-triggered run, stored as its key-value data: {@code git_repo},
 * {@code git_url} (without credentials), {@code git_ref}, {@code git_branch} (empty for a tag or a bare sha),
 * {@code git_commit}, {@code git_author}, {@code git_message}.
 */
final class GitVariables {
    static final String REPO = "git_repo";
    static final String COMMIT = "git_commit";
    static final String BRANCH = "git_branch";
    static final String REF = "git_ref";

    private GitVariables() {}

    static Map<String, String> of(Repo repo, String ref, String branch, CommitInfo commit) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(REPO, repo.name());
        data.put("git_url", RemoteUrls.withoutCredentials(repo.cloneUrl()));
        data.put(REF, ref == null ? "" : ref);
        data.put(BRANCH, branch == null ? "" : branch);
        data.put(COMMIT, commit.sha());
        data.put("git_author", commit.authorName());
        data.put("git_message", commit.message().strip());
        return data;
    }
}
