package lurch.hooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The real GitHub and GitLab payload examples kept in this module's test resources (see fixtures/README.md),
 * e.g. {@code read("github/push-with-new-branch.payload.json")}, {@code read("gitlab/push-hook.json")}.
 */
public final class WebhookFixtures {
    private WebhookFixtures() {
    }

    public static byte[] read(String name) {
        try (InputStream in = WebhookFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no webhook fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
