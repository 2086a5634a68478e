package lurch.hooks.status;

import java.time.Duration;

/**
 * How often and how patiently a status is sent: up to {@code attempts} tries, waiting {@code firstDelay} after the
 * first failure and doubling the wait after each further one.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration requestTimeout) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("a retry policy needs at least 1 attempt, got " + attempts);
        }
        if (firstDelay.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("retry delays must not be negative and the request timeout positive");
        }
    }

    /** Four attempts, 1 s, 2 s and 4 s apart, each request given 10 s. */
    public static RetryPolicy standard() {
        return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /** The wait after failed attempt number {@code attempt} (1-based) before the next one. */
    public Duration delayAfter(int attempt) {
        return firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
