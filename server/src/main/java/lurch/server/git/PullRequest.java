package lurch.server.git;

import java.util.List;
import lurch.interpreter.ast.Command;

/**
 * A build of a pull or merge request's head. Its {@code .lurch} is someone's proposal, not the repository's program:
 * it is stored as a pull request's version (never the latest, no secrets), and when it comes from a fork of a
 * repository whose policy is {@code approve}, nothing of it runs before a person approves.
 *
 * @param ref    the forge's ref of the request's head: {@code refs/pull/N/head} or {@code refs/merge-requests/N/head}
 * @param fork   the fork it comes from; null when it comes from the repository itself
 * @param author who opened it, as the payload tells
 */
record PullRequest(String ref, String fork, String author) {
    private static final String GITHUB = "refs/pull/";
    private static final String GITLAB = "refs/merge-requests/";

    /** The pull or merge request {@code ref} is the head of, or null for a branch, a tag or a build by hand. */
    static PullRequest of(String ref, String fork, String author) {
        return ref != null && (ref.startsWith(GITHUB) || ref.startsWith(GITLAB)) ? new PullRequest(ref, fork, author)
                : null;
    }

    boolean fromFork() {
        return fork != null;
    }

    /** "pull request #7" or "merge request !7". */
    String title() {
        String number = ref.replaceFirst("^refs/(pull|merge-requests)/", "").replaceFirst("/head$", "");
        return ref.startsWith(GITHUB) ? "pull request #" + number : "merge request !" + number;
    }

    /**
     * {@code (sequence (approve null "Build pull request #N from fork F by A at SHA?" f) PROGRAM)}: the run waits on
     * /approvals, with what a person needs to judge it, before anything of the fork runs; rejected, nothing does.
     */
    Command awaitingApproval(Command program, String sha) {
        String question = "Build " + title() + " from fork " + fork + " by " + (author == null ? "an unknown author"
                : author) + " at " + sha + "?";
        return new Command.Sequence(List.of(new Command.Approve(null, question, false), program));
    }
}
