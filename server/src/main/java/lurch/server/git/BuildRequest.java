package lurch.server.git;

/**
 * A commit of a registered repository to build, from a webhook delivery or by hand.
 *
 * @param revision    what to build: a full sha from a webhook; by hand a branch, tag, full ref or sha
 * @param ref         the full ref a webhook named (fetched too when it is a pull/merge request's ref); null by hand
 * @param branch      the branch a webhook named; null for tags and by hand (then found from the revision)
 * @param creator     who asked: "webhook:DELIVERY" or "user:NAME"
 * @param pullRequest the pull/merge request whose head this is; null for pushes and builds by hand
 */
record BuildRequest(String repo, String revision, String ref, String branch, String creator, PullRequest pullRequest) {}
