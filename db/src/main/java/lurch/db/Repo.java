package lurch.db;

import java.time.Instant;
import java.util.Locale;

/**
 * A git repository that may trigger builds.
 *
 * @param name           the forge's full path ({@code owner/repo}, GitLab's {@code path_with_namespace}); also the
 *                       name of the program its {@code .lurch} is stored as
 * @param cloneUrl       where the mirror fetches from; never taken from a webhook payload
 * @param secret         the webhook secret (GitHub's HMAC key, GitLab's token)
 * @param statusForge    the forge's id ("github", "gitlab", "gitea") whose commit-status API {@code statusToken} is
 *                       for; null for none
 * @param cancelPrevious whether a newer push to a branch cancels the running build of that branch
 * @param pullRequests   what pull/merge requests from forks do
 * @param statusUrl      the forge's API base for this repository (a self-hosted instance); null for the server's
 * @param branches       comma-separated globs of the branches whose pushes are built; null for all
 * @param buildTags      whether tag pushes are built
 */
public record Repo(String name, String cloneUrl, String secret, String statusForge, String statusToken,
                   boolean cancelPrevious, PullRequests pullRequests, Instant created, String statusUrl,
                   String branches, boolean buildTags) {

    /** What a pull or merge request from a fork does: its code is written by someone who cannot push. */
    public enum PullRequests {
        /** Nothing is built; the delivery is stored as ignored. */
        OFF,
        /** A run is created that waits for a person's approval before anything of the fork runs. */
        APPROVE,
        /** Built at once (still without secrets). */
        ON;

        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The policy named {@code text} ({@code off}, {@code approve}, {@code on}), or null for another text. */
        public static PullRequests ofName(String text) {
            for (PullRequests policy : values()) {
                if (policy.dbName().equals(text)) {
                    return policy;
                }
            }
            return null;
        }
    }
}
