package lurch.server.git;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import lurch.hooks.webhook.Forge;
import lurch.hooks.webhook.WebhookHeaders;
import lurch.server.api.Json;

/** {@code POST /hooks/github} and {@code POST /hooks/gitlab}: webhook deliveries, answered with JSON. */
final class HooksService implements HttpService {
    /** Forges send at most 25 MiB; the web server itself refuses bodies past 26 MiB. */
    static final int MAX_BODY_BYTES = 25 << 20;

    private final WebhookIntake intake;

    HooksService(WebhookIntake intake) {
        this.intake = intake;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/github", (req, res) -> answer(res, receive(req, Forge.GITHUB, WebhookHeaders.GITHUB_EVENT,
                        WebhookHeaders.GITHUB_DELIVERY, WebhookHeaders.GITHUB_SIGNATURE)))
                .post("/gitlab", (req, res) -> answer(res, receive(req, Forge.GITLAB, WebhookHeaders.GITLAB_EVENT,
                        WebhookHeaders.GITLAB_DELIVERY, WebhookHeaders.GITLAB_TOKEN)));
    }

    private HookAnswer receive(ServerRequest req, Forge forge, String event, String delivery, String signature) {
        byte[] body = body(req);
        if (body == null) {
            return HookAnswer.of(413, "the delivery is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return intake.accept(new WebhookIntake.Received(forge, header(req, event), header(req, delivery),
                header(req, signature), body));
    }

    private static String header(ServerRequest req, String name) {
        HeaderName header = HeaderNames.create(name);
        return req.headers().first(header).orElse(null);
    }

    /** The raw body, or null when it is too large. */
    private static byte[] body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        if (req.headers().contentLength().orElse(-1) > MAX_BODY_BYTES) {
            return null;
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? null : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(ServerResponse res, HookAnswer answer) {
        String key = answer.status() >= 400 ? "error" : "message";
        Json.send(res, Status.create(answer.status()), Map.of(key, answer.message()));
    }
}
