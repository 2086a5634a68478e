package lurch.db;

import java.util.List;
import java.util.Optional;

/** Webhook deliveries: the record of what each one did, and the queue of those still to process. */
public interface DeliveryStore {

    /**
     * Stores a new delivery ({@code id}, {@code received} and {@code processed} of the argument are ignored) and
     * returns it with its id; empty when a delivery with the same forge and key was stored before.
     */
    Optional<Delivery> accept(Delivery delivery);

    Optional<Delivery> get(long id);

    /**
     * Takes a QUEUED delivery for processing (QUEUED to PROCESSING); false when it was not queued, so that a
     * delivery is processed once however many workers see it.
     */
    boolean claim(long id);

    /** Records how a delivery ended. */
    void finish(long id, DeliveryOutcome outcome, Long runId, String message);

    /** Deliveries a dead process left PROCESSING, oldest first. */
    List<Delivery> interrupted();

    /** Puts deliveries a dead process left PROCESSING back into the queue; returns how many. */
    int requeueInterrupted();

    /** QUEUED deliveries, oldest first. */
    List<Delivery> queued();

    /** The newest deliveries, of one repository or ({@code repo} null) of all. */
    List<Delivery> recent(String repo, int limit);
}
