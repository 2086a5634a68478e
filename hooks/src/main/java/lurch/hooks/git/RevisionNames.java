package lurch.hooks.git;

import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Repository;

/**
 * What a build may name: a commit's full sha, or a branch, tag or full ref that git allows. Checked before any name
 * reaches JGit, which reads loose refs as files: {@code ../../etc/shadow} must never become a path.
 */
public final class RevisionNames {
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");
    private static final String BRANCHES = "refs/heads/";

    private RevisionNames() {
    }

    /** Forty lower-case hex digits. */
    public static boolean isSha(String text) {
        return text != null && FULL_SHA.matcher(text).matches();
    }

    /** A full ref ({@code refs/...}) or a short branch or tag name that git allows. */
    public static boolean isRefName(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        return Repository.isValidRefName(text.startsWith("refs/") ? text : BRANCHES + text);
    }
}
