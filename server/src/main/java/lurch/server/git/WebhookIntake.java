package lurch.server.git;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.DeliveryStore;
import lurch.db.Repo;
import lurch.hooks.webhook.Forge;
import lurch.hooks.webhook.MalformedPayloadException;
import lurch.hooks.webhook.WebhookEvent;
import lurch.hooks.webhook.WebhookEvent.Kind;

/**
 * Takes a webhook delivery: find the repository, verify the signature, parse, store it with one insert and queue it.
 * Nothing slower happens here, so a forge gets its answer at once and a burst of deliveries is not lost.
 *
 * <p>Before the signature is checked a delivery is anyone's: it costs only a streaming pass that finds the
 * repository's name ({@link Forge#repositoryName}) and the HMAC over the raw bytes. Only then is the body parsed
 * into a tree. An unknown repository and a wrong signature get the same answer, checked in the same time (against a
 * throwaway secret), so nobody can probe which repositories are registered.
 */
final class WebhookIntake {
    private static final Logger LOG = Logger.getLogger(WebhookIntake.class.getName());
    static final HookAnswer REFUSED = HookAnswer.of(401, "unknown repository, or a missing or wrong signature");
    /** Stands in for the secret of an unknown repository; nobody knows it, so nothing is ever valid under it. */
    private static final String DECOY_SECRET = randomSecret();

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

    /** The answer the event header alone gives, before the body is read; empty when the body is needed. */
    Optional<HookAnswer> beforeBody(Forge forge, String event) {
        if (event == null || event.isBlank()) {
            return Optional.of(HookAnswer.of(400, "the delivery has no event header"));
        }
        return forge.handles(event) ? Optional.empty()
                : Optional.of(HookAnswer.of(202, "event '" + event.trim() + "' is not handled by Lurch"));
    }

    HookAnswer accept(Received delivery) {
        Optional<String> named;
        try {
            named = delivery.forge().repositoryName(delivery.body());
        } catch (MalformedPayloadException e) {
            return HookAnswer.of(400, e.getMessage());
        }
        if (named.isEmpty()) {
            // An organisation's ping names no repository; it needs no answer but this.
            return "ping".equals(delivery.event().trim()) ? HookAnswer.of(200, "pong")
                    : HookAnswer.of(400, "the payload names no repository");
        }
        Repo repo = repos.get(named.get()).orElse(null);
        if (!authentic(repo, delivery)) {
            LOG.warning(delivery.forge() + " delivery " + loggable(delivery.deliveryId()) + " for '"
                    + loggable(named.get()) + "' refused: "
                    + (repo == null ? "no such repository is registered" : "missing or wrong signature"));
            return REFUSED;
        }
        WebhookEvent event;
        try {
            event = delivery.forge().parse(delivery.event(), delivery.body());
        } catch (MalformedPayloadException e) {
            return HookAnswer.of(400, e.getMessage());
        }
        return store(delivery, repo, event);
    }

    private static boolean authentic(Repo repo, Received delivery) {
        String secret = repo == null ? DECOY_SECRET : repo.secret();
        boolean valid = delivery.forge().verify(secret, delivery.body(), delivery.signature());
        return valid && repo != null;
    }

    private HookAnswer store(Received received, Repo repo, WebhookEvent event) {
        Delivery row = switch (event) {
            case WebhookEvent.Build b when b.fromFork() && repo.pullRequests() == Repo.PullRequests.OFF ->
                    row(received, repo.name(), b, DeliveryOutcome.IGNORED, "from fork " + b.fork()
                            + ": pull/merge requests from forks are not built for " + repo.name());
            case WebhookEvent.Build b when b.kind() == Kind.TAG && !repo.buildTags() ->
                    row(received, repo.name(), b, DeliveryOutcome.IGNORED, "tag not built: tag pushes are off for "
                            + repo.name());
            case WebhookEvent.Build b when b.kind() == Kind.PUSH
                    && !BranchFilter.parse(repo.branches()).matches(b.branch()) ->
                    row(received, repo.name(), b, DeliveryOutcome.IGNORED, "branch not built: " + b.branch()
                            + " matches none of " + repo.branches());
            case WebhookEvent.Build b -> row(received, repo.name(), b, DeliveryOutcome.QUEUED, null);
            case WebhookEvent.Ignored ignored -> row(received, repo.name(), null, null, null, null, null, null,
                    DeliveryOutcome.IGNORED, ignored.reason());
            default -> row(received, repo.name(), null, null, null, null, null, null, DeliveryOutcome.IGNORED, "ping");
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

    private static Delivery row(Received r, String repo, WebhookEvent.Build b, DeliveryOutcome outcome, String message) {
        return row(r, repo, b.ref(), b.branch(), b.commitSha(), b.author(), b.fork(), b.message(), outcome, message);
    }

    private static Delivery row(Received r, String repo, String ref, String branch, String sha, String author,
                                String fork, String commitMessage, DeliveryOutcome outcome, String message) {
        // Without an id from the forge a redelivery cannot be recognised; each such delivery counts as new.
        String key = r.deliveryId() == null || r.deliveryId().isBlank() ? "none-" + UUID.randomUUID() : r.deliveryId();
        return new Delivery(0, r.forge().id(), clip(key, 200), clip(r.event(), 100), repo,
                clip(ref, 1000), clip(branch, 1000), clip(sha, 64), clip(author, 500), clip(fork, 200), commitMessage,
                outcome, null, message, null, null);
    }

    /** Headers and payload fields are cut to their columns' sizes rather than fail the insert. */
    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** Anyone's text for a log line: no line breaks or other control characters that could forge lines, clipped. */
    private static String loggable(String text) {
        return text == null ? null : clip(text.replaceAll("\\p{Cntrl}", "?"), 200);
    }

    private static String randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
