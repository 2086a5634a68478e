package lurch.hooks.webhook;

import java.util.List;

/**
 * The headers of one forge's deliveries, each a list of names tried in order (Forgejo sends its own names beside
 * Gitea's).
 *
 * @param event     the event name, e.g. {@code push}
 * @param delivery  the delivery's unique id; a redelivery repeats it
 * @param signature what proves the sender knows the secret: an HMAC, or the secret itself
 */
public record DeliveryHeaders(List<String> event, List<String> delivery, List<String> signature) {

    static DeliveryHeaders of(String event, String delivery, String signature) {
        return new DeliveryHeaders(List.of(event), List.of(delivery), List.of(signature));
    }
}
