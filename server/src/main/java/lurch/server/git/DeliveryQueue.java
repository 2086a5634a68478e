package lurch.server.git;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.DeliveryStore;
import lurch.db.RunStore;
import lurch.hooks.git.GitMirrorException;

/**
 * Processes stored deliveries off the request path: a few workers fetch and start builds, so that a burst of
 * deliveries is answered at once and built in turn. The database is the queue (outcome {@code queued}); ids in
 * memory only say where to look, so what a crash interrupts is picked up by {@link #resume()} after the restart.
 */
final class DeliveryQueue implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class.getName());
    private static final int WORKERS = 4;

    private final DeliveryStore deliveries;
    private final GitBuilds builds;
    private final RunStore runs;
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, Thread.ofVirtual().factory());

    DeliveryQueue(DeliveryStore deliveries, GitBuilds builds, RunStore runs) {
        this.deliveries = deliveries;
        this.builds = builds;
        this.runs = runs;
    }

    /**
     * Queues every delivery a previous server accepted but did not finish processing, except those whose build it
     * had already started (it died before recording so): they get that run, so no delivery is built twice.
     */
    void resume() {
        for (Delivery delivery : deliveries.interrupted()) {
            runs.firstTopRunBy(creator(delivery)).ifPresent(run -> deliveries.finish(delivery.id(),
                    DeliveryOutcome.STARTED, run.id(), "started run #" + run.id() + " (recorded after a restart)"));
        }
        int interrupted = deliveries.requeueInterrupted();
        var queued = deliveries.queued();
        if (!queued.isEmpty()) {
            LOG.info("processing " + queued.size() + " queued webhook deliveries (" + interrupted + " interrupted)");
        }
        queued.forEach(delivery -> submit(delivery.id()));
    }

    void submit(long deliveryId) {
        workers.execute(() -> process(deliveryId));
    }

    private void process(long id) {
        if (!deliveries.claim(id)) {
            return; // another worker has it, or it was already processed
        }
        Delivery delivery = deliveries.get(id).orElseThrow();
        try {
            BuildOutcome outcome = builds.build(new BuildRequest(delivery.repo(), delivery.commitSha(),
                    delivery.ref(), delivery.branch(), creator(delivery),
                    PullRequest.of(delivery.ref(), delivery.fork(), delivery.author())));
            switch (outcome) {
                case BuildOutcome.Started started -> deliveries.finish(id, DeliveryOutcome.STARTED, started.runId(),
                        "started run #" + started.runId());
                case BuildOutcome.Skipped skipped -> deliveries.finish(id, DeliveryOutcome.SKIPPED, null, skipped.reason());
                case BuildOutcome.Rejected rejected -> deliveries.finish(id, DeliveryOutcome.FAILED, rejected.runId(),
                        rejected.error());
            }
        } catch (GitMirrorException | RuntimeException e) {
            LOG.log(Level.WARNING, "delivery " + delivery.deliveryKey() + " of " + delivery.repo() + " failed", e);
            deliveries.finish(id, DeliveryOutcome.FAILED, null, String.valueOf(e.getMessage()));
        }
    }

    /** Who a delivery's runs say started them. */
    private static String creator(Delivery delivery) {
        return "webhook:" + delivery.deliveryKey();
    }

    @Override
    public void close() {
        // Deliveries cut short stay 'processing' and are queued again by the next resume().
        workers.shutdownNow();
    }
}
