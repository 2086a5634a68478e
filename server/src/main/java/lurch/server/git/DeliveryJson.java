package lurch.server.git;

import lurch.db.Delivery;
import lurch.server.api.Json;

/** A stored delivery as the API shows it. */
record DeliveryJson(long id, String forge, String delivery, String event, String repo, String ref, String branch,
                    String commit, String outcome, Long run, String message, String received, String processed) {

    static DeliveryJson of(Delivery d) {
        return new DeliveryJson(d.id(), d.forge(), d.deliveryKey(), d.event(), d.repo(), d.ref(), d.branch(),
                d.commitSha(), d.outcome().dbName(), d.runId(), d.message(), Json.time(d.received()),
                Json.time(d.processed()));
    }
}
