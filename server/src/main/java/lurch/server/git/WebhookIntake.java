package lurch.server.git;

import java.util.Locale;
import java.util.UUID;
import java.util.logging.Logger;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.DeliveryStore;
import lurch.db.Repo;
import lurch.hooks.webhook.Forge;
import lurch.hooks.webhook.GitHubEvents;
import lurch.hooks.webhook.GitLabEvents;
import lurch.hooks.webhook.MalformedPayloadException;
import lurch.hooks.webhook.WebhookEvent;
import lurch.hooks.webhook.WebhookSignatures;

/**
 * Takes a webhook delivery: parse, find the repository, verify the signature, store it with one insert and queue
 * it. Nothing slower happens here, so a forge gets its answer at once and a burst of deliveries is not lost.
 *
 * <p>The body is parsed before the signature is checked because the secret belongs to the repository the payload
 * names; nothing is stored or started for a delivery that fails either check.
 */
final class WebhookIntake {
    private static final Logger LOG = Logger.getLogger(WebhookIntake.class.getName());

    /** What a forge sent: the headers that matter and the raw body. */
    record Received(Forge forge, String event, String deliveryId, String signature, byte[] body) {}

    private final RepoRegistry repos;
    private final DeliveryStore deliveries;
    private final DeliveryQueue queue;

    WebhookIntake(RepoRegistry repos, DeliveryStore deliveries, DeliveryQueue queue) {
        this.repos = repos;
        this.deliveries = deliveries;
        this.queue = queue;
    }

    HookAnswer accept(Received delivery) {
        WebhookEvent event;
        try {
            event = delivery.forge() == Forge.GITHUB ? GitHubEvents.parse(delivery.event(), delivery.body())
                    : GitLabEvents.parse(delivery.event(), delivery.body());
        } catch (MalformedPayloadException e) {
            return HookAnswer.of(400, e.getMessage());
        }
        String repoName = switch (event) {
            case WebhookEvent.Unsupported unsupported -> null;
            case WebhookEvent.Ping ping -> ping.repo();
            case WebhookEvent.Ignored ignored -> ignored.repo();
            case WebhookEvent.Build build -> build.repo();
        };
        if (repoName == null) {
            return event instanceof WebhookEvent.Unsupported u
                    ? HookAnswer.of(202, "event '" + u.event() + "' is not handled by Lurch")
                    : HookAnswer.of(200, "pong");
        }
        Repo repo = repos.get(repoName).orElse(null);
        if (repo == null) {
            return HookAnswer.of(404, "repository '" + repoName + "' is not registered with Lurch");
        }
        if (!signedBy(repo, delivery)) {
            LOG.warning(delivery.forge() + " delivery " + delivery.deliveryId() + " for " + repoName
                    + " has a missing or wrong " + (delivery.forge() == Forge.GITHUB ? "signature" : "token")
                    + "; ignored");
            return HookAnswer.of(401, "missing or wrong " + (delivery.forge() == Forge.GITHUB
                    ? "X-Hub-Signature-256 signature" : "X-Gitlab-Token") + " for repository '" + repoName + "'");
        }
        return store(delivery, repoName, event);
    }

    private static boolean signedBy(Repo repo, Received delivery) {
        return delivery.forge() == Forge.GITHUB
                ? WebhookSignatures.validGitHub(repo.secret(), delivery.body(), delivery.signature())
                : WebhookSignatures.validGitLab(repo.secret(), delivery.signature());
    }

    private HookAnswer store(Received received, String repoName, WebhookEvent event) {
        Delivery row = switch (event) {
            case WebhookEvent.Build b -> row(received, repoName, b.ref(), b.branch(), b.commitSha(), b.author(),
                    b.message(), DeliveryOutcome.QUEUED, null);
            case WebhookEvent.Ignored ignored -> row(received, repoName, null, null, null, null, null,
                    DeliveryOutcome.IGNORED, ignored.reason());
            default -> row(received, repoName, null, null, null, null, null, DeliveryOutcome.IGNORED, "ping");
        };
        Delivery stored = deliveries.accept(row).orElse(null);
        if (stored == null) {
            return HookAnswer.of(200, "delivery " + row.deliveryKey() + " was received before; nothing new started");
        }
        if (stored.outcome() != DeliveryOutcome.QUEUED) {
            return HookAnswer.of(200, stored.message());
        }
        queue.submit(stored.id());
        return HookAnswer.of(202, "delivery " + stored.deliveryKey() + " queued: building " + stored.commitSha());
    }

    private static Delivery row(Received r, String repo, String ref, String branch, String sha, String author,
                                String commitMessage, DeliveryOutcome outcome, String message) {
        // Without an id from the forge a redelivery cannot be recognised; each such delivery counts as new.
        String key = r.deliveryId() == null || r.deliveryId().isBlank() ? "none-" + UUID.randomUUID() : r.deliveryId();
        return new Delivery(0, r.forge().name().toLowerCase(Locale.ROOT), clip(key, 200), clip(r.event(), 100), repo,
                clip(ref, 1000), clip(branch, 1000), clip(sha, 64), clip(author, 500), commitMessage, outcome, null,
                message, null, null);
    }

    /** Headers and payload fields are cut to their columns' sizes rather than fail the insert. */
    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
