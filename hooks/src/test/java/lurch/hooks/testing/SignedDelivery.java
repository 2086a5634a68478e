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

    /** As Gitea sends it: event, a fresh delivery id and the hex HMAC of {@code body} under {@code secret}. */
    public static SignedDelivery gitea(String event, String secret, byte[] body) {
        return new SignedDelivery(Map.of(
                WebhookHeaders.GITEA_EVENT, event,
                WebhookHeaders.GITEA_DELIVERY, UUID.randomUUID().toString(),
                WebhookHeaders.GITEA_SIGNATURE, WebhookSignatures.hmacHex(secret, body),
                "Content-Type", "application/json"), body);
    }

    /** As Forgejo sends it: only its own {@code X-Forgejo-*} headers, which Lurch reads when Gitea's are missing. */
    public static SignedDelivery forgejo(String event, String secret, byte[] body) {
        return new SignedDelivery(Map.of(
                WebhookHeaders.FORGEJO_EVENT, event,
                WebhookHeaders.FORGEJO_DELIVERY, UUID.randomUUID().toString(),
                WebhookHeaders.FORGEJO_SIGNATURE, WebhookSignatures.hmacHex(secret, body),
                "Content-Type", "application/json"), body);
    }

    /** The delivery id header's value, whichever forge. */
    public String deliveryId() {
        return headers.entrySet().stream().filter(e -> e.getKey().endsWith("-Delivery") || e.getKey().endsWith("-UUID"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
