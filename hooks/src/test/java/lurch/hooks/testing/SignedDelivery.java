package lurch.hooks.testing;

import java.util.Map;
import java.util.UUID;
import lurch.hooks.webhook.WebhookHeaders;
import lurch.hooks.webhook.WebhookSignatures;

/** A webhook delivery with the headers a forge would send, for tests that post to the server's hook endpoints. */
public record SignedDelivery(Map<String, String> headers, byte[] body) {

    /** As GitHub sends it: event, a fresh delivery id and the HMAC signature of {@code body} under {@code secret}. */
    public static SignedDelivery gitHub(String event, String secret, byte[] body) {
        return new SignedDelivery(Map.of(
                WebhookHeaders.GITHUB_EVENT, event,
                WebhookHeaders.GITHUB_DELIVERY, UUID.randomUUID().toString(),
                WebhookHeaders.GITHUB_SIGNATURE, WebhookSignatures.gitHubSignature(secret, body),
                "Content-Type", "application/json"), body);
    }

    /** As GitLab sends it: event, a fresh event UUID and the secret token itself. */
    public static SignedDelivery gitLab(String event, String token, byte[] body) {
        return new SignedDelivery(Map.of(
                WebhookHeaders.GITLAB_EVENT, event,
                WebhookHeaders.GITLAB_DELIVERY, UUID.randomUUID().toString(),
                WebhookHeaders.GITLAB_TOKEN, token,
                "Content-Type", "application/json"), body);
    }

    /** The delivery id header's value, whichever forge. */
    public String deliveryId() {
        return headers.getOrDefault(WebhookHeaders.GITHUB_DELIVERY, headers.get(WebhookHeaders.GITLAB_DELIVERY));
    }
}
