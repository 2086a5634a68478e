package lurch.isolation.output;

import java.io.IOException;
import java.io.InputStream;
import lurch.isolation.OutputSink;
import lurch.isolation.Stream;

/** Reads a process pipe to its end on a virtual thread, in big reads, into a {@link LineSplitter}. */
public final class PipeReader {

    private static final int BUFFER_BYTES = 1 << 16;

    private PipeReader() {}

    /** Starts reading {@code in}; the returned thread ends after the last line went to {@code sink}. */
    public static Thread start(InputStream in, Stream stream, OutputSink sink) {
        LineSplitter splitter = new LineSplitter(stream, sink);
        return Thread.ofVirtual().name("read " + stream).start(() -> {
            byte[] buffer = new byte[BUFFER_BYTES];
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
