package lurch.db.jdbi;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lurch.db.Delivery;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Group commit for accepted deliveries: callers hand their delivery to one writer thread and wait; the writer
 * stores everything that came in meanwhile in a single transaction and answers each caller after its commit, so a
 * returned delivery is as durably stored as with a commit of its own. Under a burst, one commit (one fsync, one
 * pooled connection) serves tens of deliveries instead of each waiting for its own; alone, a delivery is written at
 * once. When a batch fails, each of its deliveries is tried again in a transaction of its own, so one bad delivery
 * fails only its own request.
 */
final class DeliveryWriter implements AutoCloseable {

    /** Bounds one transaction; a burst larger than this is written in several. */
    private static final int MAX_BATCH = 256;

    /** A delivery waiting to be stored, and its caller's answer: the stored delivery, or empty when seen before. */
    private record Pending(Delivery delivery, CompletableFuture<Optional<Delivery>> stored) {}

    private final Jdbi jdbi;
    /** Inserts deliveries on a handle, in a transaction the caller commits. */
    @FunctionalInterface
    interface Insert {
        /** The stored deliveries, in the order given; empty for each whose key was seen before. */
        List<Optional<Delivery>> all(Handle h, List<Delivery> deliveries) throws SQLException;
    }

    private final Insert insert;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    DeliveryWriter(Jdbi jdbi, Insert insert) {
        this.jdbi = jdbi;
        this.insert = insert;
        this.writer = Thread.ofPlatform().daemon().name("lurch-delivery-writer").start(this::writeLoop);
    }

    /** Stores {@code delivery} and returns once it is committed. */
    Optional<Delivery> store(Delivery delivery) {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
        Pending pending = new Pending(delivery, new CompletableFuture<>());
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            throw new IllegalStateException("the database is closed"); // the writer may have stopped already
        }
        try {
            return pending.stored().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            Pending first;
            try {
                // not interrupted to stop: an interrupt in the middle of a JDBC call may break the connection
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        List<Optional<Delivery>> stored;
        try {
            stored = jdbi.inTransaction(h -> insert.all(h, batch.stream().map(Pending::delivery).toList()));
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().stored().completeExceptionally(e instanceof SQLException sql
                        ? new UnableToExecuteStatementException(sql, null) : e);
            } else {
                batch.forEach(pending -> write(List.of(pending)));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).stored().complete(stored.get(i));
        }
    }

    /** Writes what is queued, then stops the writer; later {@link #store} calls fail. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.stored().completeExceptionally(new IllegalStateException("the database is closed"));
        }
    }
}
