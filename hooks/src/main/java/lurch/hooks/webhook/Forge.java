package lurch.hooks.webhook;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lurch.hooks.status.StatusApi;

/**
 * A code host whose webhooks and commit-status API Lurch speaks: everything that differs between forges is here,
 * one implementation per forge, listed in {@link #ALL}. The intake, the status reporter, the CLI and the pages ask
 * this interface and never which forge it is; adding a forge is one class plus its fixtures.
 */
public interface Forge {
    Forge GITHUB = new GitHubForge();
    Forge GITLAB = new GitLabForge();
    Forge GITEA = new GiteaForge();

    /** Every forge, in the order pages and help texts list them. */
    List<Forge> ALL = List.of(GITHUB, GITLAB, GITEA);

    /** The forge called {@code name} ({@link #id()}, any case), or empty. */
    static Optional<Forge> named(String name) {
        String id = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(forge -> forge.id().equals(id)).findFirst();
    }

    /**
     * Lower-case name: webhooks arrive at {@code /hooks/ID}, the token is given as {@code --ID-token} and the API
     * base as {@code --ID-url} or {@code LURCH_<ID>_API_URL}; stored with repositories and deliveries.
     */
    String id();

    /** The name people know, for messages: "GitHub". */
    String title();

    /** The API base when neither the repository nor {@code LURCH_<ID>_API_URL} names one; null when there is none. */
    String defaultApiUrl();

    /** The headers a delivery carries its event, id and signature in. */
    DeliveryHeaders headers();

    /** Whether {@link #parse} understands {@code event}; others need not be read at all. */
    boolean handles(String event);

    /**
     * The repository a delivery names, found by a streaming pass that builds no tree: nothing more may be spent on
     * a body before it is authenticated. Empty when the body is a JSON object without it (e.g. an organisation's
     * ping).
     *
     * @throws MalformedPayloadException when the body is not a JSON object or the name is not text
     */
    Optional<String> repositoryName(byte[] body) throws MalformedPayloadException;

    /**
     * Whether {@code signature} (the value of {@link DeliveryHeaders#signature()}) proves that the sender knows
     * {@code secret}. Constant-time; a missing or ill-formed value is simply invalid.
     */
    boolean verify(String secret, byte[] body, String signature);

    /**
     * Parses an authenticated delivery; events not {@link #handled} are {@link WebhookEvent.Unsupported}.
     *
     * @throws MalformedPayloadException when the event is missing, the body is not JSON or lacks a needed field
     */
    WebhookEvent parse(String event, byte[] body) throws MalformedPayloadException;

    /** The commit-status API at {@code apiBase} (no trailing slash) with {@code token}. */
    StatusApi statusApi(URI apiBase, String token);
}
