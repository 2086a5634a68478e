package lurch.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Notification;
import lurch.db.NotificationStore;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.RunStore;
import lurch.hooks.status.RetryPolicy;
import lurch.hooks.webhook.WebhookSignatures;
import lurch.server.api.GitData;
import lurch.server.engine.RunControl;
import lurch.server.engine.RunListener;

/**
 * When a top run ends, POSTs a JSON message to each URL its program notifies (all ends, or only those that are not
 * a success), signed with {@code X-Lurch-Signature-256} as GitHub signs ({@code sha256=<hex HMAC of the body>})
 * when a secret is set. Sending is asynchronous, retried with backoff on network errors and 5xx/408/429 answers, and
 * never holds up the engine; each attempt becomes a line of the run's log. The line names only the URL's host:
 * chat webhooks carry their secret in the path.
 */
public final class Notifier implements RunListener {
    /** The header of the body's HMAC, as GitHub's {@code X-Hub-Signature-256}. */
    public static final String SIGNATURE_HEADER = "X-Lurch-Signature-256";
    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
    /** Made at the first notification, not at every start: Jackson stays out of a start (see HealthService). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private final NotificationStore notifications;
    private final RunStore runs;
    private final RunControl control;
    private final String publicUrl;
    private final RetryPolicy policy;
    private HttpClient client;

    public Notifier(NotificationStore notifications, RunStore runs, RunControl control, String publicUrl,
                    RetryPolicy policy) {
        this.notifications = notifications;
        this.runs = runs;
        this.control = control;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.policy = policy;
    }

    @Override
    public void runChanged(Run run) {
        if (run.isTop() && run.status().isFinal()) {
            // Listeners are called on engine threads; the database and the network must not hold them up.
            Thread.ofVirtual().start(() -> notifyEnd(run));
        }
    }

    private void notifyEnd(Run run) {
        try {
            byte[] body = null;
            for (Notification notification : notifications.of(run.programName())) {
                if (notification.on() == Notification.On.FAILURE && run.status() == RunStatus.SUCCESS) {
                    continue;
                }
                body = body != null ? body : body(run);
                attempt(notification, run.id(), body, 1);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot send the notifications of run #" + run.id(), e);
        }
    }

    /** The message: run, program, status, exit code, link, git data, and a {@code text} chat webhooks show. */
    private byte[] body(Run run) {
        Map<String, String> git = GitData.of(runs.data(run.id()));
        String url = publicUrl + "/runs/" + run.id();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("run", run.id());
        message.put("program", run.programName());
        message.put("status", run.status().dbName());
        message.put("exit_code", run.exitCode());
        message.put("url", url);
        if (!git.isEmpty()) {
            message.put("git", git);
        }
        String commit = git.containsKey("commit")
                ? " at " + git.get("repo") + "@" + abbreviated(git.get("commit")) : "";
        message.put("text", "Lurch: run #" + run.id() + " of " + run.programName() + commit + " ended "
                + run.status().dbName() + " (exit code " + run.exitCode() + "): " + url);
        try {
            return Mapper.JSON.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of plain values always serialises", e);
        }
    }

    private void attempt(Notification notification, long runId, byte[] body, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(notification.url()))
                .timeout(policy.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "lurch")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (notification.secret() != null) {
            request.header(SIGNATURE_HEADER, WebhookSignatures.gitHubSignature(notification.secret(), body));
        }
        client().sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int code = response == null ? 0 : response.statusCode();
            boolean retryable = response == null || code >= 500 || code == 429 || code == 408;
            boolean again = code / 100 != 2 && retryable && attempt < policy.attempts();
            String answer = response == null ? "no answer (" + rootCause(error) + ")" : String.valueOf(code);
            String next = code / 100 == 2 ? ""
                    : again ? "; retrying in " + policy.delayAfter(attempt).toMillis() + " ms" : "; giving up";
            note(runId, "notify " + shown(notification.url()) + " attempt " + attempt + ": " + answer + next);
            if (again) {
                CompletableFuture.delayedExecutor(policy.delayAfter(attempt).toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(notification, runId, body, attempt + 1));
            }
        });
    }

    private void note(long runId, String text) {
        try {
            control.note(runId, text);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot log on run #" + runId + ": " + text, e);
        }
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return client;
    }

    /** Scheme, host and port: the path and query of a chat webhook are its secret. */
    static String shown(String url) {
        URI uri = URI.create(url);
        String rest = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null ? "" : "/…";
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + rest;
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String abbreviated(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
