package lurch.hooks.webhook;

/** Names of git refs as webhooks report them. */
final class GitRefs {
    static final String BRANCH_PREFIX = "refs/heads/";
    static final String TAG_PREFIX = "refs/tags/";
    /** The "after" of a push that deleted its ref. */
    static final String ZERO_SHA = "0".repeat(40);

    private GitRefs() {
    }

    static boolean isDeletion(String afterSha) {
        return ZERO_SHA.equals(afterSha);
    }

    /** "branch main" or "tag v1" for messages; the ref itself when it is neither. */
    static String describe(String ref) {
        if (ref.startsWith(BRANCH_PREFIX)) {
            return "branch " + ref.substring(BRANCH_PREFIX.length());
        }
        if (ref.startsWith(TAG_PREFIX)) {
            return "tag " + ref.substring(TAG_PREFIX.length());
        }
        return "ref " + ref;
    }
}
