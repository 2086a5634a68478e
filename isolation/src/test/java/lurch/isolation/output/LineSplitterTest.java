package lurch.isolation.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import lurch.isolation.OutputSink;
import lurch.isolation.RecordingSink;
import lurch.isolation.Stream;
import lurch.isolation.TextLines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final RecordingSink sink = new RecordingSink();
    private final LineSplitter splitter = new LineSplitter(Stream.STDOUT, sink);

    private void feed(byte[] bytes) {
        splitter.accept(bytes, 0, bytes.length, 42);
    }

    private void feed(String text) {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsAtNewlinesAndDropsTheCarriageReturnOfCrlf() {
        feed("one\r\ntwo\n\nthree\rx\n");
        splitter.finish(43);
        assertEquals(List.of("one", "two", "", "three\rx"), sink.texts(Stream.STDOUT));
        assertEquals(42, sink.lines().get(0).epochMillis());
    }

    @Test
    void emitsTheLastLineWithoutNewlineAtTheEnd() {
        feed("first\nunfinished");
        assertEquals(List.of("first"), sink.texts(Stream.STDOUT));
        splitter.finish(43);
        assertEquals(List.of("first", "unfinished"), sink.texts(Stream.STDOUT));
        assertEquals(43, sink.lines().get(1).epochMillis());
    }

    @Test
    void joinsALineSplitOverManyReads() {
        feed("hel");
        feed("lo wo");
        feed("rld\nnext\n");
        assertEquals(List.of("hello world", "next"), sink.texts(Stream.STDOUT));
    }

    @Test
    void replacesInvalidUtf8AndKeepsValidCharacters() {
        feed(new byte[] {'a', (byte) 0xff, 'b', '\n'});
        feed("é€😀\n");
        assertEquals(List.of("a\uFFFDb", "é€😀"), sink.texts(Stream.STDOUT));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void cutsLinesLongerThanOneMebibyteWithoutSplittingACharacter(int asciiPrefix) {
        String euro = "€"; // three bytes in UTF-8: a cut at any byte of it would break it
        String line = "x".repeat(asciiPrefix) + euro.repeat(LineSplitter.MAX_LINE_BYTES / 3 + 10);
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < bytes.length; offset += 65536) {
            splitter.accept(bytes, offset, Math.min(65536, bytes.length - offset), 1);
        }
        List<String> pieces = sink.texts(Stream.STDOUT);
        assertEquals(2, pieces.size());
        assertEquals(line, String.join("", pieces));
        assertTrue(pieces.get(0).getBytes(StandardCharsets.UTF_8).length <= LineSplitter.MAX_LINE_BYTES);
        assertTrue(pieces.stream().noneMatch(piece -> piece.contains("\uFFFD")));
    }

    @Test
    void randomChunkingNeverChangesTheLines() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            List<String> expected = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                String line = "ab€\t ".repeat(random.nextInt(5)) + i;
                expected.add(line);
                text.append(line).append(random.nextBoolean() ? "\n" : "\r\n");
            }
            RecordingSink recording = new RecordingSink();
            LineSplitter chunked = new LineSplitter(Stream.STDERR, recording);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            for (int offset = 0; offset < bytes.length; ) {
                int length = Math.min(1 + random.nextInt(7), bytes.length - offset);
                chunked.accept(bytes, offset, length, 0);
                offset += length;
            }
            chunked.finish(0);
            assertEquals(expected, recording.texts(Stream.STDERR), "trial " + trial);
        }
    }

    /** Keeps what each call of {@link lurch.isolation.OutputSink#lines} was handed, as it was handed. */
    private static final class BlockSink implements OutputSink {
        final List<TextLines> blocks = new ArrayList<>();

        @Override
        public void line(Stream stream, long epochMillis, String text) {
            throw new AssertionError("a splitter hands over whole reads: " + text);
        }

        @Override
        public void lines(Stream stream, long epochMillis, TextLines lines) {
            blocks.add(lines);
        }
    }

    @Test
    void asciiLinesOfAReadAreHandedOnAsTheBytesRead() {
        BlockSink blocks = new BlockSink();
        LineSplitter ascii = new LineSplitter(Stream.STDOUT, blocks);
        byte[] read = "a\nbc\n\nd".getBytes(StandardCharsets.UTF_8);
        ascii.accept(read, 0, read.length, 1);
        ascii.finish(2);
        assertEquals(2, blocks.blocks.size());
        TextLines first = blocks.blocks.get(0);
        assertEquals("a\nbc\n\n", new String(first.utf8(), StandardCharsets.UTF_8));
        assertArrayEquals(new int[] {1, 4, 5}, Arrays.copyOf(first.ends(), first.count()));
        assertEquals("d\n", new String(blocks.blocks.get(1).utf8(), StandardCharsets.UTF_8));
        assertEquals(1, blocks.blocks.get(1).count());
    }

    /**
     * What goes on is valid UTF-8 holding the lines and their newlines, whatever was read: one invalid byte decodes
     * to one U+FFFD, as long as the bytes, so the length alone does not tell ASCII.
     */
    @Test
    void everyReadHandsOnValidUtf8OfItsLines() {
        Random random = new Random(11);
        byte[] alphabet = {'a', 'Z', ' ', '\n', '\n', '\r', (byte) 0xff, (byte) 0xc3, (byte) 0xa9, (byte) 0x80};
        for (int trial = 0; trial < 500; trial++) {
            BlockSink blocks = new BlockSink();
            LineSplitter hostile = new LineSplitter(Stream.STDOUT, blocks);
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) bytes[i] = alphabet[random.nextInt(alphabet.length)];
            for (int offset = 0; offset < bytes.length; ) {
                int length = Math.min(1 + random.nextInt(9), bytes.length - offset);
                hostile.accept(bytes, offset, length, 0);
                offset += length;
            }
            hostile.finish(0);
            for (TextLines block : blocks.blocks) {
                StringBuilder joined = new StringBuilder();
                for (int i = 0; i < block.count(); i++) joined.append(block.text(i)).append('\n');
                assertArrayEquals(joined.toString().getBytes(StandardCharsets.UTF_8), block.utf8(),
                        "trial " + trial + ": " + Arrays.toString(bytes));
            }
        }
    }
}
