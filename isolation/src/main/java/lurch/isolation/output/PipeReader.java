package lurch.isolation.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;

/**
 * Reads a process pipe to its end, in big reads, into a {@link LineSplitter}. On platform threads: a
 * blocking pipe read would pin a virtual thread's carrier for the whole life of the process, and two per
 * exec soon leave no carrier for anything else (seen as 100 ms stalls). The threads are pooled, since
 * creating two per exec costs more than the exec of a short program. Each keeps its read buffer: a new one per
 * pipe was two fifths of all the server allocated per exec of W2, so its young collections came that much sooner.
 */
public final class PipeReader {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("pipe-reader-", 0).factory());
    /** The buffer of each reader thread; the splitter copies what it keeps of a read before the next one. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);

    private PipeReader() {}

    /** Starts reading {@code in}; the returned future completes after the last line went to {@code sink}. */
    public static Future<?> start(InputStream in, Stream stream, OutputSink sink) {
        LineSplitter splitter = new LineSplitter(stream, sink);
        return READERS.submit(() -> {
            byte[] buffer = BUFFER.get();
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    splitter.accept(buffer, 0, n, System.currentTimeMillis());
                }
            } catch (IOException e) {
                // the pipe broke (process killed): what was read is all there is
            }
            splitter.finish(System.currentTimeMillis());
        });
    }
}
