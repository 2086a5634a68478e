package lurch.server.git;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.hooks.webhook.Forge;
import lurch.hooks.webhook.DeliveryHeaders;
import lurch.server.api.Json;

/**
 * {@code POST /hooks/ID} for every {@link Forge#ALL forge} ({@code github}, {@code gitlab}, {@code gitea}): webhook
 * deliveries, answered with JSON; any other path under {@code /hooks/} is 404. A body is read only when its event
 * is one Lurch handles, and only up to {@code LURCH_HOOK_MAX_BYTES}: a longer one is answered 413 before it is read
 * to its end.
 */
final class HooksService implements HttpService {
    private final WebhookIntake intake;
    private final int maxBodyBytes;

    HooksService(WebhookIntake intake, int maxBodyBytes) {
        this.intake = intake;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        for (Forge forge : Forge.ALL) {
            rules.post("/" + forge.id(), (req, res) -> answer(res, receive(req, forge)));
        }
        String paths = String.join(", ", Forge.ALL.stream().map(forge -> "POST /hooks/" + forge.id()).toList());
        rules.any((req, res) -> answer(res, HookAnswer.of(404, "no webhook at " + req.path().path()
                + ": Lurch takes " + paths)));
    }

    private HookAnswer receive(ServerRequest req, Forge forge) {
        DeliveryHeaders headers = forge.headers();
        String event = header(req, headers.event());
        Optional<HookAnswer> early = intake.beforeBody(forge, event);
        if (early.isPresent()) {
            return early.get();
        }
        byte[] body = body(req);
        if (body == null) {
            return HookAnswer.of(413, "the delivery is larger than " + maxBodyBytes + " bytes (LURCH_HOOK_MAX_BYTES)");
        }
        return intake.accept(new WebhookIntake.Received(forge, event, header(req, headers.delivery()),
                header(req, headers.signature()), body));
    }

    /** The first of the headers {@code names} that the request has. */
    private static String header(ServerRequest req, List<String> names) {
        for (String name : names) {
            Optional<String> value = req.headers().first(HeaderNames.create(name));
            if (value.isPresent()) {
                return value.get();
            }
        }
        return null;
    }

    /** The raw body, or null when it is longer than the limit: declared so, or found so after limit + 1 bytes. */
    private byte[] body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        if (req.headers().contentLength().orElse(-1) > maxBodyBytes) {
            return null;
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            return bytes.length > maxBodyBytes ? null : bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(ServerResponse res, HookAnswer answer) {
        String key = answer.status() >= 400 ? "error" : "message";
        if (answer.status() == 413) {
            // The rest of the body is not read; the connection cannot carry another request after it.
            res.header(HeaderNames.CONNECTION, "close");
        }
        Json.send(res, Status.create(answer.status()), Map.of(key, answer.message()));
    }
}
