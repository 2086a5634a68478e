package lurch.hooks.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import lurch.hooks.webhook.Forge;
import org.junit.jupiter.api.Test;

class CommitStatusTest {
    private static final String SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

    @Test
    void longDescriptionsAreCutToGitHubsLimit() {
        CommitStatus status = new CommitStatus(SHA, CommitState.FAILURE, "ci", null, "x".repeat(500));
        assertEquals(140, status.description().length());
        assertEquals('…', status.description().charAt(139));
    }

    @Test
    void badInputIsNamed() {
        var shortSha = assertThrows(IllegalArgumentException.class,
                () -> new CommitStatus("abc", CommitState.SUCCESS, "ci", null, null));
        assertEquals("commit status needs a full 40-digit lower-case sha, got 'abc'", shortSha.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CommitStatus(SHA, CommitState.SUCCESS, " ", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> StatusApi.of(Forge.GITHUB, "https://api.github.com", ""));
    }

    @Test
    void everyStateMapsToAWordEachForgeKnows() {
        for (CommitState state : CommitState.values()) {
            assertTrue(Set.of("pending", "success", "failure", "error").contains(GitHubStatusApi.state(state)));
            assertTrue(Set.of("pending", "running", "success", "failed", "canceled").contains(GitLabStatusApi.state(state)));
        }
        assertEquals("canceled", GitLabStatusApi.state(CommitState.CANCELED));
        assertEquals("error", GitHubStatusApi.state(CommitState.CANCELED));
    }

    @Test
    void backoffDoubles() {
        RetryPolicy policy = RetryPolicy.standard();
        assertEquals(Duration.ofSeconds(1), policy.delayAfter(1));
        assertEquals(Duration.ofSeconds(2), policy.delayAfter(2));
        assertEquals(Duration.ofSeconds(4), policy.delayAfter(3));
    }
}
