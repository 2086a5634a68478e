package lurch.hooks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Optional;

/**
 * Feeds arbitrary bodies to the webhook parsers, as an attacker (before the signature check: {@link RepositoryName})
 * or a forge with a bug (after it: the event parsers) could. Either an event or a {@link MalformedPayloadException}
 * comes out, never another exception; and the repository the streaming pass picks the secret by is the one the
 * event names, so a signed body cannot name two repositories.
 *
 * <p>{@code ./mvnw verify} runs the committed seeds (fixtures of every forge) in
 * {@code src/test/resources/lurch/hooks/webhook/WebhookPayloadFuzzTestInputs/METHOD/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/development.md).
 */
class WebhookPayloadFuzzTest {
    private static final List<String> GITHUB_EVENTS = List.of("ping", "push", "pull_request");
    private static final List<String> GITLAB_EVENTS = List.of("Push Hook", "Tag Push Hook", "Merge Request Hook");
    private static final List<String> GITEA_EVENTS = List.of("push", "pull_request");

    @FuzzTest(maxDuration = "10m")
    void gitHub(byte[] body) {
        Optional<String> named = streamedName(Forge.GITHUB, body);
        for (String event : GITHUB_EVENTS) {
            try {
                sameRepository(named, GitHubEvents.parse(event, body));
            } catch (MalformedPayloadException expected) {
                // what a bad body must come to
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void gitLab(byte[] body) {
        Optional<String> named = streamedName(Forge.GITLAB, body);
        for (String event : GITLAB_EVENTS) {
            try {
                sameRepository(named, GitLabEvents.parse(event, body));
            } catch (MalformedPayloadException expected) {
                // what a bad body must come to
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    void gitea(byte[] body) {
        Optional<String> named = streamedName(Forge.GITEA, body);
        for (String event : GITEA_EVENTS) {
            try {
                sameRepository(named, Forge.GITEA.parse(event, body));
            } catch (MalformedPayloadException expected) {
                // what a bad body must come to
            }
        }
    }

    /** The name the intake looks the secret up by; null when the body is refused before that. */
    private static Optional<String> streamedName(Forge forge, byte[] body) {
        try {
            return forge.repositoryName(body);
        } catch (MalformedPayloadException refused) {
            return null;
        }
    }

    private static void sameRepository(Optional<String> named, WebhookEvent event) {
        String repo = switch (event) {
            case WebhookEvent.Ping ping -> ping.repo();
            case WebhookEvent.Build build -> build.repo();
            case WebhookEvent.Ignored ignored -> ignored.repo();
            case WebhookEvent.Unsupported unsupported -> null;
        };
        if (named != null && repo != null) {
            assertEquals(Optional.of(repo), named, "the secret was chosen for another repository than the event's");
        }
    }
}
