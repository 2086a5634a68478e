package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitDataTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void gitKeysLoseTheirPrefixInAFixedOrderAndAnHttpCloneUrlLinksTheCommit() {
        Map<String, String> git = GitData.of(Map.of("git_message", "fix", "git_commit", SHA, "git_repo", "o/r",
                "git_url", "https://git.example.org/o/r.git", "git_ref", "refs/heads/main", "git_author", "Ada",
                "other", "x"));
        assertEquals(List.of("repo", "ref", "commit", "commit_url", "author", "message", "url"),
                List.copyOf(git.keySet()));
        assertEquals("https://git.example.org/o/r/commit/" + SHA, git.get("commit_url"));
    }

    @Test
    void otherCloneUrlsLinkNothingAndOtherRunsHaveNoGitData() {
        assertEquals(null, GitData.of(Map.of("git_commit", SHA, "git_url", "file:///srv/r")).get("commit_url"));
        assertEquals(null, GitData.of(Map.of("git_commit", SHA, "git_url", "javascript:alert(1)//.git"))
                .get("commit_url"));
        assertEquals(Map.of(), GitData.of(Map.of("program_var", "x")));
    }
}
