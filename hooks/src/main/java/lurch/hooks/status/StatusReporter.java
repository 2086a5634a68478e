package lurch.hooks.status;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import lurch.hooks.status.StatusAttempt.Outcome;

/**
 * Sends commit statuses in the background, retrying with exponential backoff, never blocking or failing the caller.
 *
 * <p>Statuses of the same commit and program go out in the order they were reported: a {@code success} waits until
 * the earlier {@code pending} is delivered or given up, so a slow retry can never overwrite the final state.
 */
public final class StatusReporter {
    private static final int MAX_ANSWER_CHARS = 300;

    /** Null until the first status goes out when the reporter makes its own (see {@link #client()}). */
    private HttpClient client;
    private final RetryPolicy policy;
    /** The latest report per commit and program, which the next report of it waits for. */
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> latest = new ConcurrentHashMap<>();

    public StatusReporter(HttpClient client, RetryPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /**
     * A reporter with its own HTTP client, made when the first status goes out (it sets up TLS, a tenth of
     * a second that a server's start need not wait for), and {@link RetryPolicy#standard()}.
     */
    public StatusReporter() {
        this(null, RetryPolicy.standard());
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return client;
    }

    /**
     * Sends {@code status} for a commit of {@code repo} through {@code api}; returns at once.
     *
     * @param listener told of every attempt and its answer (called on an HTTP client thread; exceptions are ignored)
     * @return completes with whether the forge took the status; never completes exceptionally
     */
    public CompletableFuture<Boolean> report(StatusApi api, String repo, CommitStatus status,
                                             Consumer<StatusAttempt> listener) {
        String key = api.forge() + " " + repo + " " + status.sha() + " " + status.context();
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        CompletableFuture<Boolean> previous = latest.put(key, result);
        CompletableFuture<Boolean> ready = previous == null ? CompletableFuture.completedFuture(true) : previous;
        ready.whenComplete((delivered, error) -> attempt(new Delivery(api, repo, status, listener, result), 1));
        result.whenComplete((delivered, error) -> latest.remove(key, result));
        return result;
    }

    private record Delivery(StatusApi api, String repo, CommitStatus status, Consumer<StatusAttempt> listener,
                            CompletableFuture<Boolean> result) {
    }

    private void attempt(Delivery delivery, int attempt) {
        HttpRequest request;
        try {
            request = delivery.api().request(delivery.repo(), delivery.status(), policy.requestTimeout());
        } catch (IllegalArgumentException e) {
            finish(delivery, attempt, 0, e.getMessage(), Outcome.REJECTED);
            return;
        }
        client().sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            int code = response == null ? 0 : response.statusCode();
            String answer = response == null ? String.valueOf(error) : response.body();
            boolean retryable = response == null || code >= 500 || code == 429 || code == 408;
            Outcome outcome = code / 100 == 2 ? Outcome.DELIVERED
                    : !retryable ? Outcome.REJECTED
                    : attempt < policy.attempts() ? Outcome.WILL_RETRY : Outcome.GAVE_UP;
            if (outcome == Outcome.WILL_RETRY) {
                tell(delivery, attempt, code, answer, outcome);
                long delay = policy.delayAfter(attempt).toMillis();
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(delivery, attempt + 1));
            } else {
                finish(delivery, attempt, code, answer, outcome);
            }
        });
    }

    private void finish(Delivery delivery, int attempt, int code, String answer, Outcome outcome) {
        tell(delivery, attempt, code, answer, outcome);
        delivery.result().complete(outcome == Outcome.DELIVERED);
    }

    private void tell(Delivery delivery, int attempt, int code, String answer, Outcome outcome) {
        String shortAnswer = answer == null || answer.length() <= MAX_ANSWER_CHARS
                ? answer : answer.substring(0, MAX_ANSWER_CHARS) + "…";
        try {
            delivery.listener().accept(new StatusAttempt(delivery.api().forge(), delivery.repo(), delivery.status(),
                    attempt, policy.attempts(), code, shortAnswer, outcome));
        } catch (RuntimeException ignored) {
            // A broken log must not stop the status from being sent or the result from completing.
        }
    }
}
