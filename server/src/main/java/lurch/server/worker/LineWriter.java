package lurch.server.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.WorkQueue;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;
import lurch.server.engine.MaskingSink;

/**
 * A worker's output lines on their way to worker_log_lines, masked first, written in batches by one thread (in the
 * order they came, so each run's lines stay in order for the server, which numbers them). Memory stays bounded:
 * producers, and so the processes' pipes, wait while {@link #CAPACITY} lines wait. A batch the database refuses is
 * tried again until it goes in: a worker cut from its database is lost to the server anyway.
 */
final class LineWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LineWriter.class.getName());
    private static final int CAPACITY = 50_000;
    private static final int BATCH = 5_000;
    private final WorkQueue queue;
    private final BlockingQueue<WorkQueue.Line> waiting = new ArrayBlockingQueue<>(CAPACITY);
    private final Object progress = new Object();
    private long added;
    private long written;
    private volatile boolean closed;
    private final Thread writer;

    LineWriter(WorkQueue queue) {
        this.queue = queue;
        this.writer = Thread.ofPlatform().name("lurch-worker-lines").daemon().start(this::writeLoop);
    }

    /** A sink for run {@code runId}'s output, masking {@code secrets}. */
    OutputSink sinkFor(long runId, long topId, Collection<String> secrets) {
        return MaskingSink.around((stream, epochMillis, text) -> add(runId, topId, stream, epochMillis, text), secrets);
    }

    /** One of Lurch's own lines about run {@code runId}. */
    void info(long runId, long topId, String text) {
        add(runId, topId, Stream.INFO, System.currentTimeMillis(), text);
    }

    private void add(long runId, long topId, Stream stream, long epochMillis, String text) {
        WorkQueue.Line line = new WorkQueue.Line(0, runId, topId, stream.name().toLowerCase(java.util.Locale.ROOT),
                Instant.ofEpochMilli(epochMillis), text);
        synchronized (progress) {
            added++;
        }
        try {
            waiting.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (progress) {
                written++; // never coming: flush must not wait for it
                progress.notifyAll();
            }
        }
    }

    /** Returns once every line added before the call is written (or the writer is closed). */
    void flush() throws InterruptedException {
        synchronized (progress) {
            long target = added;
            while (written < target && !closed) {
                progress.wait(100);
            }
        }
    }

    private void writeLoop() {
        List<WorkQueue.Line> batch = new ArrayList<>();
        while (!closed || !waiting.isEmpty()) {
            try {
                WorkQueue.Line first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, BATCH - 1);
                write(batch);
                synchronized (progress) {
                    written += batch.size();
                    progress.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(List<WorkQueue.Line> batch) throws InterruptedException {
        while (true) {
            try {
                queue.appendLines(batch);
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "could not write " + batch.size() + " log lines; trying again", e);
                Thread.sleep(500);
            }
        }
    }

    /** Writes what waits, for at most 5 s. */
    @Override
    public void close() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        synchronized (progress) {
            while (written < added && System.currentTimeMillis() < deadline) {
                progress.wait(100);
            }
        }
        closed = true;
        writer.join(1_000);
    }
}
