package lurch.db;

import java.time.Instant;

/**
 * A webhook delivery as stored, or a build asked for by hand ({@code forge} "manual").
 *
 * @param deliveryKey   the forge's id of the delivery; a redelivery repeats it
 * @param event         the forge's event name, e.g. {@code push}, {@code Merge Request Hook}
 * @param ref           the full ref that holds the commit, e.g. {@code refs/heads/main}; null when there is none
 * @param branch        the branch pushed to or the request's source branch; null for tags and pings
 * @param fork          the fork a pull/merge request comes from; null for pushes and requests from the repository
 * @param commitMessage the pushed commit's message as the payload tells it
 * @param runId         the run it started, or null
 * @param message       why it ended as it did, for people
 */
public record Delivery(long id, String forge, String deliveryKey, String event, String repo, String ref,
                       String branch, String commitSha, String author, String fork, String commitMessage,
                       DeliveryOutcome outcome, Long runId, String message, Instant received, Instant processed) {}
