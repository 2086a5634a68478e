package lurch.hooks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import lurch.hooks.testing.WebhookFixtures;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {
    private static final byte[] BODY = WebhookFixtures.read("github/push-with-new-branch.payload.json");

    @Test
    void matchesGitHubsDocumentedExample() {
        // The test vector of GitHub's "Validating webhook deliveries" documentation.
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertEquals(header, WebhookSignatures.gitHubSignature("It's a Secret to Everybody", body));
        assertTrue(WebhookSignatures.validGitHub("It's a Secret to Everybody", body, header));
    }

    @Test
    void acceptsTheSignatureOfTheExactBody() {
        assertTrue(WebhookSignatures.validGitHub("s3cret", BODY, WebhookSignatures.gitHubSignature("s3cret", BODY)));
    }

    @Test
    void rejectsAnotherSecretOrAChangedBody() {
        String header = WebhookSignatures.gitHubSignature("s3cret", BODY);
        assertFalse(WebhookSignatures.validGitHub("other", BODY, header));
        byte[] changed = BODY.clone();
        changed[10] ^= 1;
        assertFalse(WebhookSignatures.validGitHub("s3cret", changed, header));
    }

    @Test
    void rejectsMissingOrIllFormedHeaders() {
        String hex = WebhookSignatures.gitHubSignature("s3cret", BODY).substring("sha256=".length());
        assertFalse(WebhookSignatures.validGitHub("s3cret", BODY, null));
        assertFalse(WebhookSignatures.validGitHub("s3cret", BODY, ""));
        assertFalse(WebhookSignatures.validGitHub("s3cret", BODY, hex));
        assertFalse(WebhookSignatures.validGitHub("s3cret", BODY, "sha1=" + hex));
        assertFalse(WebhookSignatures.validGitHub("s3cret", BODY, "sha256=" + hex.substring(2)));
    }

    @Test
    void neverAcceptsWhenNoSecretIsConfigured() {
        assertFalse(WebhookSignatures.validGitHub("", BODY, WebhookSignatures.gitHubSignature("x", BODY)));
        assertFalse(WebhookSignatures.validGitLab("", ""));
        assertFalse(WebhookSignatures.validGitLab(null, "x"));
    }

    @Test
    void gitLabTokenMustEqualTheSecret() {
        assertTrue(WebhookSignatures.validGitLab("s3cret", "s3cret"));
        assertFalse(WebhookSignatures.validGitLab("s3cret", "s3cre"));
        assertFalse(WebhookSignatures.validGitLab("s3cret", "S3CRET"));
        assertFalse(WebhookSignatures.validGitLab("s3cret", null));
    }
}
