package lurch.server.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.isolation.OutputSink;

/**
 * Collects output lines from every running process and stores them in batches from one writer
 * thread: a database round-trip per line could not keep up with a process printing a million
 * lines. Memory stays bounded: producers block (and so do the processes' pipes) when too many
 * bytes wait. Each tree of runs numbers its lines with an increasing seq.
 */
final class LogBuffer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogBuffer.class.getName());
    private static final int MAX_BATCH_LINES = 16_384;
    private static final int MAX_BATCH_BYTES = 2 << 20;
    private static final int MAX_WAITING_BYTES = 8 << 20;
    /** What a line costs in memory besides its characters: the LogLine and String objects. */
    private static final int LINE_OVERHEAD_BYTES = 64;

    private final LogStore store;
    private final BiConsumer<Long, Long> onStored;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_BATCH_LINES);
    private final Semaphore waitingBytes = new Semaphore(MAX_WAITING_BYTES);
    private final Map<Long, long[]> lastSeqByTree = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private long enqueued;
    private long stored;
    private volatile boolean closed;
    private final Thread writer;

    /** {@code onStored} hears (top run id, last seq stored) after each batch. */
    LogBuffer(LogStore store, BiConsumer<Long, Long> onStored) {
        this.store = store;
        this.onStored = onStored;
        this.writer = Thread.ofPlatform().name("lurch-log-writer").daemon().start(this::writeLoop);
    }

    /** A sink for one run's process output, masking {@code secrets} (see {@link MaskingSink}). */
    OutputSink sinkFor(long runId, long topId, Collection<String> secrets) {
        OutputSink store = new OutputSink() {
            @Override
            public void line(lurch.isolation.Stream stream, long epochMillis, String text) {
                lines(stream, epochMillis, List.of(text));
            }

            @Override
            public void lines(lurch.isolation.Stream stream, long epochMillis, List<String> texts) {
                add(runId, topId, streamOf(stream), epochMillis, texts);
            }
        };
        SecretMask mask = SecretMask.of(secrets);
        return mask.isEmpty() ? store : new MaskingSink(mask, store);
    }

    /** One of Lurch's own messages about a run. */
    void info(long runId, long topId, String text) {
        add(runId, topId, LogLine.Stream.LURCH, System.currentTimeMillis(), List.of(text));
    }

    /** A tree created just now has no lines yet: its numbering starts at 1 without asking the store. */
    void newTree(long topId) {
        lastSeqByTree.put(topId, new long[] {0});
    }

    /** Forgets a finished tree's counter (its lines are all stored by then). */
    void forgetTree(long topId) {
        lastSeqByTree.remove(topId);
    }

    /** Returns once every line added before the call is stored. */
    void flush() {
        long target;
        synchronized (progress) {
            target = enqueued;
            while (stored < target && !closed) {
                try {
                    progress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The lines of one read on their way to the store, with the tree they belong to and the bytes they hold. */
    private record Pending(List<LogLine> lines, long topId, int weight) {}

    private void add(long runId, long topId, LogLine.Stream stream, long epochMillis, List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        long weight = 0;
        for (String text : texts) {
            weight += text.length() * 2L + LINE_OVERHEAD_BYTES;
        }
        int bytes = (int) Math.min(weight, MAX_WAITING_BYTES);
        waitingBytes.acquireUninterruptibly(bytes);
        Instant time = Instant.ofEpochMilli(epochMillis);
        List<LogLine> lines = new ArrayList<>(texts.size());
        long[] seq = lastSeqByTree.computeIfAbsent(topId, id -> new long[] {store.lastSeq(id)});
        // Numbering and queueing together keep each tree's lines in seq order in the queue.
        synchronized (seq) {
            for (String text : texts) {
                lines.add(new LogLine(runId, ++seq[0], time, stream, text));
            }
            try {
                queue.put(new Pending(lines, topId, bytes));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                waitingBytes.release(bytes);
                return;
            }
        }
        synchronized (progress) {
            enqueued += lines.size();
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int lines = first.lines().size();
                long bytes = first.weight();
                Pending next;
                while (lines < MAX_BATCH_LINES && bytes < MAX_BATCH_BYTES && (next = queue.poll()) != null) {
                    batch.add(next);
                    lines += next.lines().size();
                    bytes += next.weight();
                }
                store(batch, lines);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "could not store " + batch.size() + " blocks of log lines; retrying", e);
                sleepQuietly();
                continue;
            }
            batch.clear();
        }
    }

    private void store(List<Pending> batch, int lineCount) {
        List<LogLine> lines = new ArrayList<>(lineCount);
        Map<Long, Long> lastSeqByTree = new HashMap<>();
        long bytes = 0;
        for (Pending pending : batch) {
            lines.addAll(pending.lines());
            bytes += pending.weight();
            lastSeqByTree.merge(pending.topId(), pending.lines().getLast().seq(), Math::max);
        }
        store.append(lines);
        waitingBytes.release((int) bytes);
        synchronized (progress) {
            stored += lineCount;
            progress.notifyAll();
        }
        lastSeqByTree.forEach(onStored);
    }

    private static LogLine.Stream streamOf(lurch.isolation.Stream stream) {
        return switch (stream) {
            case STDOUT -> LogLine.Stream.STDOUT;
            case STDERR -> LogLine.Stream.STDERR;
            case INFO -> LogLine.Stream.LURCH;
        };
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        flush();
        closed = true;
        writer.join(2000);
    }
}
