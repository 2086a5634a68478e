package lurch.server.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.LineBlock;
import lurch.db.LogLine;
import lurch.db.LogStore;
import lurch.isolation.OutputSink;
import lurch.isolation.TextLines;

/**
 * Collects output lines from every running process and stores them in batches from one writer
 * thread: a database round-trip per line could not keep up with a process printing a million
 * lines. Memory stays bounded: producers block (and so do the processes' pipes) when too many
 * bytes wait. Each tree of runs numbers its lines with an increasing seq.
 * <p>
 * A batch the store refuses (the database is away, or the {@link StorageHealth} refuses output because the
 * disk is nearly full) is tried again until it goes in or {@code giveUpAfter} has passed; then its process
 * output is dropped and counted against its run ({@link #takeLost}), which the engine fails with a line
 * saying why. Lurch's own lines are still tried, so that line can be stored.
 */
final class LogBuffer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogBuffer.class.getName());
    private static final int MAX_BATCH_LINES = 16_384;
    private static final int MAX_BATCH_BYTES = 2 << 20;
    private static final int MAX_WAITING_BYTES = 8 << 20;
    /** What a block of lines costs in memory besides its bytes and their ends: the objects that hold them. */
    private static final int BLOCK_OVERHEAD_BYTES = 64;
    private static final long RETRY_PAUSE_MILLIS = 500;

    private final LogStore store;
    private final BiConsumer<Long, Long> onStored;
    private final StorageHealth health;
    private final Duration giveUpAfter;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_BATCH_LINES);
    private final Semaphore waitingBytes = new Semaphore(MAX_WAITING_BYTES);
    private final Map<Long, long[]> lastSeqByTree = new ConcurrentHashMap<>();
    /** Per tree, the highest seq that is stored or given up: what {@link #flush(long)} waits for. */
    private final Map<Long, Long> doneSeqByTree = new HashMap<>();
    private final Map<Long, Lost> lostByRun = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private volatile boolean closed;
    /** When the store began refusing (System.nanoTime()), 0 while it takes lines. Writer thread only. */
    private long refusedSince;
    private final Thread writer;

    /**
     * {@code onStored} hears (top run id, last seq stored) after each batch; {@code giveUpAfter} is how long a
     * refused batch is tried again.
     */
    LogBuffer(LogStore store, BiConsumer<Long, Long> onStored, StorageHealth health, Duration giveUpAfter) {
        this.store = store;
        this.onStored = onStored;
        this.health = health;
        this.giveUpAfter = giveUpAfter;
        this.writer = Thread.ofPlatform().name("lurch-log-writer").daemon().start(this::writeLoop);
    }

    /** Process output of one run that could not be stored: how many lines, and why. */
    record Lost(long lines, String reason) {
        String sentence() {
            return "Lurch could not store this run's output (" + reason + "): " + lines
                    + (lines == 1 ? " line was" : " lines were") + " lost, so the run fails.";
        }
    }

    /** A sink for one run's process output, masking {@code secrets} (see {@link MaskingSink}). */
    OutputSink sinkFor(long runId, long topId, Collection<String> secrets) {
        OutputSink store = new OutputSink() {
            @Override
            public void line(lurch.isolation.Stream stream, long epochMillis, String text) {
                lines(stream, epochMillis, TextLines.of(List.of(text)));
            }

            @Override
            public void lines(lurch.isolation.Stream stream, long epochMillis, TextLines texts) {
                add(runId, topId, streamOf(stream), epochMillis, texts);
            }
        };
        return MaskingSink.around(store, secrets);
    }

    /** One of Lurch's own messages about a run. */
    void info(long runId, long topId, String text) {
        add(runId, topId, LogLine.Stream.LURCH, System.currentTimeMillis(), TextLines.of(List.of(text)));
    }

    /** A tree created just now has no lines yet: its numbering starts at 1 without asking the store. */
    void newTree(long topId) {
        lastSeqByTree.put(topId, new long[] {0});
    }

    /** Forgets a finished tree's counter (its lines are all stored by then). */
    void forgetTree(long topId) {
        lastSeqByTree.remove(topId);
        synchronized (progress) {
            doneSeqByTree.remove(topId);
        }
    }

    /** The output of {@code runId} lost so far, if any, forgetting it: the run's end reports it once. */
    Optional<Lost> takeLost(long runId) {
        return Optional.ofNullable(lostByRun.remove(runId));
    }

    /**
     * Returns once every line of the tree {@code topId} added before the call is stored or given up (other
     * trees' output is not waited for), or the buffer is closed.
     */
    void flush(long topId) {
        long[] seq = lastSeqByTree.get(topId);
        if (seq == null) {
            return;
        }
        long target;
        synchronized (seq) {
            target = seq[0];
        }
        synchronized (progress) {
            while (doneSeqByTree.getOrDefault(topId, 0L) < target && !closed) {
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
    private record Pending(LineBlock block, long topId, int weight) {}

    private void add(long runId, long topId, LogLine.Stream stream, long epochMillis, TextLines texts) {
        if (texts.count() == 0) {
            return;
        }
        if (stream != LogLine.Stream.LURCH && lostByRun.computeIfPresent(runId,
                (id, lost) -> new Lost(lost.lines() + texts.count(), lost.reason())) != null) {
            return; // this run's output is being lost already: it is counted, not queued behind a refusal
        }
        long weight = texts.utf8().length + 4L * texts.count() + BLOCK_OVERHEAD_BYTES;
        int bytes = (int) Math.min(weight, MAX_WAITING_BYTES);
        waitingBytes.acquireUninterruptibly(bytes);
        long[] seq = lastSeqByTree.computeIfAbsent(topId, this::resumeNumbering);
        // Numbering and queueing together keep each tree's lines in seq order in the queue.
        synchronized (seq) {
            LineBlock block = new LineBlock(runId, seq[0] + 1, epochMillis, stream, texts.utf8(), texts.ends(),
                    texts.count());
            seq[0] = block.lastSeq();
            try {
                queue.put(new Pending(block, topId, bytes));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                waitingBytes.release(bytes);
            }
        }
    }

    /** The counter of a tree whose earlier lines are in the store: they count as done. */
    private long[] resumeNumbering(long topId) {
        long last = store.lastSeq(topId);
        synchronized (progress) {
            doneSeqByTree.merge(topId, last, Math::max);
        }
        return new long[] {last};
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
                int lines = first.block().count();
                long bytes = first.weight();
                Pending next;
                while (lines < MAX_BATCH_LINES && bytes < MAX_BATCH_BYTES && (next = queue.poll()) != null) {
                    batch.add(next);
                    lines += next.block().count();
                    bytes += next.weight();
                }
                storeOrGiveUp(batch);
            } catch (InterruptedException e) {
                return;
            }
            batch.clear();
        }
    }

    /**
     * Stores {@code batch}, trying again (the same lines: no new output is needed to retry) until it goes in
     * or {@link #giveUpAfter} has passed, then gives up its process output and tries Lurch's own lines as long
     * again. Either way the batch counts as done for {@link #flush(long)}.
     */
    private void storeOrGiveUp(List<Pending> batch) throws InterruptedException {
        List<LineBlock> blocks = new ArrayList<>(batch.size());
        batch.forEach(pending -> blocks.add(pending.block()));
        boolean outputKept = true;
        boolean warned = false;
        long ownSince = System.nanoTime();
        while (!blocks.isEmpty()) {
            String refusal;
            try {
                refusal = outputKept && hasOutput(blocks) ? health.outputRefusal().orElse(null) : null;
                if (refusal == null) {
                    store.append(blocks);
                    refusedSince = 0;
                    break;
                }
            } catch (RuntimeException e) {
                refusal = describe(e);
            }
            if (refusedSince == 0) {
                refusedSince = System.nanoTime();
            }
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "could not store " + count(blocks) + " log lines (" + refusal
                        + "); trying again for up to " + giveUpAfter.toSeconds() + " s");
            }
            // Output is measured from the start of the refusal (the batches queued behind the first one give
            // up with it); Lurch's own lines get their own time.
            long since = outputKept ? refusedSince : ownSince;
            if (System.nanoTime() - since > giveUpAfter.toNanos()) {
                LOG.warning("gave up storing " + count(blocks) + " log lines: " + refusal);
                if (outputKept) {
                    giveUpOutput(blocks, refusal);
                    outputKept = false;
                    ownSince = System.nanoTime();
                } else {
                    blocks.clear();
                }
                continue;
            }
            if (closed) {
                break; // a stopping server leaves what it cannot store now
            }
            Thread.sleep(RETRY_PAUSE_MILLIS);
        }
        done(batch);
    }

    private static boolean hasOutput(List<LineBlock> blocks) {
        return blocks.stream().anyMatch(block -> block.stream() != LogLine.Stream.LURCH);
    }

    private static long count(List<LineBlock> blocks) {
        return blocks.stream().mapToLong(LineBlock::count).sum();
    }

    /** Removes the process output from {@code blocks}, counting it as lost against its runs. */
    private void giveUpOutput(List<LineBlock> blocks, String reason) {
        blocks.removeIf(block -> {
            if (block.stream() == LogLine.Stream.LURCH) {
                return false;
            }
            lostByRun.merge(block.runId(), new Lost(block.count(), reason),
                    (a, b) -> new Lost(a.lines() + b.lines(), a.reason()));
            return true;
        });
    }

    private void done(List<Pending> batch) {
        Map<Long, Long> lastSeqs = new HashMap<>();
        long bytes = 0;
        for (Pending pending : batch) {
            bytes += pending.weight();
            lastSeqs.merge(pending.topId(), pending.block().lastSeq(), Math::max);
        }
        waitingBytes.release((int) bytes);
        synchronized (progress) {
            lastSeqs.forEach((top, seq) -> doneSeqByTree.merge(top, seq, Math::max));
            progress.notifyAll();
        }
        lastSeqs.forEach(onStored);
    }

    private static String describe(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "the database refused it: " + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }

    private static LogLine.Stream streamOf(lurch.isolation.Stream stream) {
        return switch (stream) {
            case STDOUT -> LogLine.Stream.STDOUT;
            case STDERR -> LogLine.Stream.STDERR;
            case INFO -> LogLine.Stream.LURCH;
        };
    }

    /**
     * Stores what is waiting, for at most {@code patience}, then stops the writer. Lines still waiting then
     * are not stored (the server is stopping and the database does not take them).
     */
    void close(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (progress) {
            while (!allDone() && System.nanoTime() < deadline) {
                progress.wait(100);
            }
        }
        closed = true;
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
    }

    private boolean allDone() {
        if (!queue.isEmpty()) {
            return false;
        }
        for (Map.Entry<Long, long[]> tree : lastSeqByTree.entrySet()) {
            long target;
            synchronized (tree.getValue()) {
                target = tree.getValue()[0];
            }
            if (doneSeqByTree.getOrDefault(tree.getKey(), 0L) < target) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(20));
    }
}
