package lurch.db;

import java.time.Instant;

/**
 * A git repository that may trigger builds.
 *
 * @param name           the forge's full path ({@code owner/repo}, GitLab's {@code path_with_namespace}); also the
 *                       name of the program its {@code .lurch} is stored as
 * @param cloneUrl       where the mirror fetches from; never taken from a webhook payload
 * @param secret         the webhook secret (GitHub's HMAC key, GitLab's token)
 * @param statusForge    "github" or "gitlab": whose commit-status API {@code statusToken} is for; null for none
 * @param cancelPrevious whether a newer push to a branch cancels the running build of that branch
 */
public record Repo(String name, String cloneUrl, String secret, String statusForge, String statusToken,
                   boolean cancelPrevious, Instant created) {}
