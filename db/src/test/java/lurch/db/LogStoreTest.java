package lurch.db;

import lurch.db.testing.FreshDatabase;
import lurch.db.testing.LineBlocks;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static lurch.db.Runs.child;
import static lurch.db.Runs.program;
import static lurch.db.Runs.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.123Z");

    private static LogLine line(Run run, long seq, LogLine.Stream stream, String text) {
        return new LogLine(run.id(), seq, T0.plusMillis(seq * 7), stream, text);
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void anyTextComesBackAsWritten(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            String megabyte = "x".repeat(1 << 20);
            List<LogLine> lines = List.of(
                    line(run, 1, LogLine.Stream.STDOUT, "héllo wörld ✓ 日本語 🚀"),
                    line(run, 2, LogLine.Stream.STDERR, ""),
                    line(run, 3, LogLine.Stream.LURCH, "tab\tnul\0cr\r"),
                    line(run, 4, LogLine.Stream.STDOUT, megabyte),
                    line(run, 5, LogLine.Stream.STDOUT, "after the long line"));
            db.logs().append(LineBlocks.of(lines));
            assertEquals(lines, db.logs().read(run.id(), 0, 100));
            assertEquals(5, db.logs().lastSeq(run.id()));
            assertEquals(5, db.logs().count());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void interleavedRunsOfATreeReadBackInSeqOrder(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run root = top(db, program(db, "build"));
            Run a = child(db, root, "0");
            Run b = child(db, root, "1");
            Run b1 = child(db, b, "1.0");
            Run other = top(db, program(db, "other"));
            List<Run> tree = List.of(root, a, b, b1);
            List<LogLine> all = new ArrayList<>();
            long seq = 0;
            for (int batch = 0; batch < 4; batch++) {
                List<LogLine> lines = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    seq++;
                    lines.add(line(tree.get((int) (seq * 7 % 4)), seq, LogLine.Stream.STDOUT, "line " + seq));
                }
                db.logs().append(LineBlocks.of(lines));
                all.addAll(lines);
            }
            db.logs().append(LineBlocks.of(List.of(line(other, 1, LogLine.Stream.STDOUT, "not in the tree"))));

            assertEquals(all, db.logs().read(root.id(), 0, 10_000));
            assertEquals(all.stream().filter(l -> l.runId() == b.id() || l.runId() == b1.id()).toList(),
                    db.logs().read(b.id(), 0, 10_000));
            assertEquals(all.stream().filter(l -> l.runId() == a.id()).toList(), db.logs().read(a.id(), 0, 10_000));
            assertEquals(1200, db.logs().lastSeq(root.id()));
            assertEquals(1201, db.logs().count());
        });
    }

    /** Random trees, batches and page sizes: paging through must give every line once, in order. */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void pagesJoinUpToTheWholeLog(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Random random = new Random(42);
            Run root = top(db, program(db, "build"));
            List<Run> tree = new ArrayList<>(List.of(root));
            for (int i = 0; i < 5; i++) tree.add(child(db, tree.get(random.nextInt(tree.size())), "" + i));
            List<LogLine> all = new ArrayList<>();
            long seq = 0;
            for (int batch = 0; batch < 10; batch++) {
                List<LogLine> lines = new ArrayList<>();
                for (int i = random.nextInt(100); i >= 0; i--) {
                    seq += 1 + random.nextInt(3);
                    lines.add(line(tree.get(random.nextInt(tree.size())), seq, LogLine.Stream.STDOUT, "l" + seq));
                }
                db.logs().append(LineBlocks.of(lines));
                all.addAll(lines);
            }
            for (int pageSize : new int[] {3, 40, 5000}) {
                List<LogLine> paged = new ArrayList<>();
                long after = 0;
                for (List<LogLine> page; !(page = db.logs().read(root.id(), after, pageSize)).isEmpty(); ) {
                    assertTrue(page.size() <= pageSize);
                    paged.addAll(page);
                    after = page.getLast().seq();
                }
                assertEquals(all, paged, "pages of " + pageSize);
            }
            assertEquals(all.subList(10, 15), db.logs().read(root.id(), all.get(9).seq(), 5));
        });
    }

    /**
     * The stored form the plain-text log copies from: for every line of an interleaved tree, paged, the same
     * run, seq, time and UTF-8 bytes as the line by line path (lone surrogates become '?' in both).
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void storedBytesAreEachLinesUtf8InSeqOrder(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run root = top(db, program(db, "build"));
            List<Run> tree = List.of(root, child(db, root, "0"), child(db, root, "1"));
            String[] texts = {"héllo ✓ 日本語 🚀", "", "tab\there\t", "cut in a char \uD83D", "x".repeat(5_000), "\0\r"};
            List<LogLine> all = new ArrayList<>();
            Random random = new Random(7);
            for (long seq = 1; seq <= 3000; seq++) {
                String text = texts[random.nextInt(texts.length)] + (seq % 5 == 0 ? "" : seq);
                all.add(line(tree.get(random.nextInt(tree.size())), seq, LogLine.Stream.STDOUT, text));
            }
            for (int from = 0; from < all.size(); from += 700) { // in batches, as the engine stores
                db.logs().append(LineBlocks.of(all.subList(from, Math.min(from + 700, all.size()))));
            }
            int at = 0;
            for (StoredLines page; !(page = db.logs().readStored(root.id(), at == 0 ? 0 : all.get(at - 1).seq(), 1111))
                    .isEmpty(); ) {
                assertEquals(db.logs().read(root.id(), at == 0 ? 0 : all.get(at - 1).seq(), 1111), page.lines());
                for (int i = 0; i < page.size(); i++, at++) {
                    LogLine expected = all.get(at);
                    assertEquals(expected.runId(), page.runId(i));
                    assertEquals(expected.seq(), page.seq(i));
                    assertEquals(expected.time().toEpochMilli(), page.millis(i));
                    byte[] text = Arrays.copyOfRange(page.bytes(i), page.offset(i), page.offset(i) + page.length(i));
                    assertEquals(HexFormat.of().formatHex(expected.text().getBytes(StandardCharsets.UTF_8)),
                            HexFormat.of().formatHex(text), "line " + expected.seq());
                }
            }
            assertEquals(all.size(), at);
        });
    }

    /**
     * Lines as a process's reads bring them, many to a block, and blocks bigger than a chunk: each line comes back
     * with its own seq, time, stream and text, whole chunks and line by line, from any page start.
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void blocksOfManyLinesSplitIntoChunksAndReadBackLineByLine(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            List<LogLine> all = new ArrayList<>();
            Random random = new Random(5);
            long seq = 0;
            for (int read = 0; read < 40; read++) {
                Instant at = T0.plusMillis(read * 3L);
                LogLine.Stream stream = read % 5 == 4 ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
                List<LogLine> lines = new ArrayList<>();
                for (int i = read == 7 ? 90_000 : random.nextInt(2_000); i >= 0; i--) {
                    seq++;
                    lines.add(new LogLine(run.id(), seq, at, stream, seq % 11 == 0 ? "" : "ü " + seq));
                }
                db.logs().append(LineBlocks.of(lines));
                all.addAll(lines);
            }
            assertEquals(all, db.logs().read(run.id(), 0, all.size()));
            assertEquals(all.subList(50_001, 50_101), db.logs().read(run.id(), 50_001, 100));
            assertEquals(textOf(all), textOf(db.logs().readText(run.id(), 0, all.size()).orElseThrow()));
            assertEquals(seq, db.logs().lastSeq(run.id()));
            assertEquals(seq, db.logs().count());
        });
    }

    /**
     * A run's lines stored in batches come back as whole chunks of text, page after page, equal to the lines'
     * texts each with a newline; lines of runs of a tree written at the same time, a page starting inside a chunk
     * and chunks of the earlier format are left to the line by line read.
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void wholeChunksReadAsTheirText(TestDatabase kind) throws Throwable {
        try (FreshDatabase fresh = kind.create(); Database db = fresh.open()) {
            Run root = top(db, program(db, "build"));
            Run exec = child(db, root, "0");
            List<LogLine> all = new ArrayList<>();
            Random random = new Random(3);
            long seq = 0;
            for (int batch = 0; batch < 6; batch++) {
                List<LogLine> lines = new ArrayList<>();
                for (int i = random.nextInt(30_000); i >= 0; i--) {
                    seq++;
                    lines.add(line(batch == 0 ? root : exec, seq, LogLine.Stream.STDOUT, seq % 7 == 0 ? "" : "héllo " + seq));
                }
                db.logs().append(LineBlocks.of(lines));
                all.addAll(lines);
            }
            for (int limit : new int[] {1, 5_000, 1_000_000}) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                long after = 0;
                for (StoredText page; !(page = db.logs().readText(root.id(), after, limit).orElseThrow()).isEmpty(); ) {
                    assertTrue(page.lastSeq() > after);
                    page.pieces().forEach(piece -> text.write(piece.bytes(), piece.offset(), piece.length()));
                    after = page.lastSeq();
                }
                assertEquals(seq, after, "pages of " + limit);
                assertEquals(textOf(all), text.toString(StandardCharsets.UTF_8), "pages of " + limit);
            }
            assertEquals(textOf(all.stream().filter(l -> l.runId() == exec.id()).toList()),
                    textOf(db.logs().readText(exec.id(), 0, 1_000_000).orElseThrow()));
            assertTrue(db.logs().readText(root.id(), all.get(10).seq(), 100).isEmpty(), "a page inside a chunk");

            db.logs().append(LineBlocks.of(List.of(line(root, seq + 1, LogLine.Stream.LURCH, "a"), line(exec, seq + 2, LogLine.Stream.STDOUT, "b"),
                    line(root, seq + 3, LogLine.Stream.LURCH, "c"))));
            assertTrue(db.logs().readText(root.id(), seq, 100).isEmpty(), "runs of the tree at the same time");
            assertEquals("b\n", textOf(db.logs().readText(exec.id(), seq, 100).orElseThrow()));
        }
    }

    /**
     * Whatever a line holds, its text comes back through whole chunks as the line by line path writes it: a newline
     * inside a line (Lurch's own messages may quote one) stays that line's, not a line boundary; NUL, CR, a lone
     * surrogate (UTF-8 '?') and a line bigger than a chunk (256 KiB: a chunk of its own) pass as they were stored.
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void anyTextComesBackThroughWholeChunksAsTheLineByLinePathWritesIt(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            List<LogLine> lines = List.of(
                    line(run, 1, LogLine.Stream.LURCH, "quoted:\n(exec \"x\")\n"),
                    line(run, 2, LogLine.Stream.STDOUT, ""),
                    line(run, 3, LogLine.Stream.STDERR, "nul\0 cr\r lone \uD83D ✓"),
                    line(run, 4, LogLine.Stream.STDOUT, "y".repeat(300 << 10)),
                    line(run, 5, LogLine.Stream.STDOUT, "\n"));
            db.logs().append(LineBlocks.of(lines.subList(0, 3)));
            db.logs().append(LineBlocks.of(lines.subList(3, 5)));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (LogLine line : lines) {
                expected.writeBytes(line.text().getBytes(StandardCharsets.UTF_8));
                expected.write('\n');
            }
            StoredText text = db.logs().readText(run.id(), 0, 100).orElseThrow();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            text.pieces().forEach(piece -> got.write(piece.bytes(), piece.offset(), piece.length()));
            assertEquals(HexFormat.of().formatHex(expected.toByteArray()), HexFormat.of().formatHex(got.toByteArray()));
            assertEquals(5, text.lastSeq());
            assertEquals(lines.get(4).text(), db.logs().read(run.id(), 4, 10).getFirst().text());
        });
    }

    private static String textOf(List<LogLine> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.text()).append('\n'));
        return text.toString();
    }

    private static String textOf(StoredText stored) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        stored.pieces().forEach(piece -> text.write(piece.bytes(), piece.offset(), piece.length()));
        return text.toString(StandardCharsets.UTF_8);
    }

    /**
     * A chunk as an earlier Lurch stored it (each line's header before its text, no newlines; these bytes are its
     * encoder's output) still reads, before and beside chunks stored now.
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void chunksStoredByAnEarlierLurchStillRead(TestDatabase kind) throws Throwable {
        try (FreshDatabase fresh = kind.create(); Database db = fresh.open()) {
            Run run = top(db, program(db, "build"));
            try (Connection c = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
                 PreparedStatement insert = c.prepareStatement("INSERT INTO log_chunks"
                         + " (run_id, top_id, first_seq, last_seq, line_count, lines) VALUES (?, ?, 1, 300, 3, ?)")) {
                insert.setLong(1, run.id());
                insert.setLong(2, run.id());
                insert.setBytes(3, HexFormat.of().parseHex("02f6e5e9e8b2686f0a68c3a96c6c6f20e29c93020a6500d404006c046c617374"));
                insert.executeUpdate();
            }
            Instant t = Instant.parse("2026-11-01T10:00:00.123Z");
            LogLine now = new LogLine(run.id(), 301, t.plusMillis(9), LogLine.Stream.STDOUT, "stored now");
            db.logs().append(LineBlocks.of(List.of(now)));
            List<LogLine> expected = List.of(
                    new LogLine(run.id(), 1, t, LogLine.Stream.STDOUT, "héllo ✓"),
                    new LogLine(run.id(), 2, t.plusMillis(5), LogLine.Stream.STDERR, ""),
                    new LogLine(run.id(), 300, t.plusMillis(5), LogLine.Stream.LURCH, "last"),
                    now);
            assertEquals(expected, db.logs().read(run.id(), 0, 100));
            assertEquals(expected.subList(2, 4), db.logs().read(run.id(), 2, 100));
            assertTrue(db.logs().readText(run.id(), 0, 100).isEmpty(), "read line by line");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void linesAppendedOutOfOrderStillReadInSeqOrder(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            LogLine one = line(run, 1, LogLine.Stream.STDOUT, "one");
            LogLine two = line(run, 2, LogLine.Stream.STDOUT, "two");
            LogLine three = line(run, 3, LogLine.Stream.STDOUT, "three");
            db.logs().append(LineBlocks.of(List.of(three, one, two)));
            assertEquals(List.of(one, two, three), db.logs().read(run.id(), 0, 10));
            assertEquals(List.of(two, three), db.logs().read(run.id(), 1, 10));
            assertEquals(3, db.logs().lastSeq(run.id()));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRunWithoutLinesReadsEmpty(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            assertEquals(List.of(), db.logs().read(run.id(), 0, 100));
            assertEquals(List.of(), db.logs().read(4242, 0, 100));
            assertEquals(0, db.logs().lastSeq(run.id()));
            assertEquals(0, db.logs().count());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void linesOfAnUnknownRunAreRefusedAndNothingOfTheBatchIsStored(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            LogLine good = line(run, 1, LogLine.Stream.STDOUT, "kept?");
            LogLine bad = new LogLine(4242, 2, T0, LogLine.Stream.STDOUT, "orphan");
            var error = assertThrows(IllegalArgumentException.class, () -> db.logs().append(LineBlocks.of(List.of(good, bad))));
            assertTrue(error.getMessage().contains("no run 4242"), error.getMessage());
            assertEquals(List.of(), db.logs().read(run.id(), 0, 100));
            assertEquals(0, db.logs().count());
        });
    }
}
