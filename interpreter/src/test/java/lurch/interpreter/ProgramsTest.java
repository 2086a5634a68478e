package lurch.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lurch.interpreter.ast.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgramsTest {

    private static final Command PROGRAM = Programs.parse("""
            (let version "1.0" "Which version?"
              (isolate
                (chroot "busybox")
                (sequence
                  (exec "/bin/echo" ("hello" "world!"))
                  (for x ("a" "b" "c") (break 1))
                  (wait (0) (3) () () (1 2)))))
            """).program();

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "'' => let version",
            "0 => isolate",
            "0.0 => chroot busybox",
            "0.1 => sequence (3)",
            "0.1.0 => exec /bin/echo hello world!",
            "0.1.1 => for x in a b c",
            "0.1.1.0 => break 1",
            "0.1.2 => wait 0 3 * * 1,2"})
    void findsAndLabelsNodesByPath(String path, String label) {
        assertEquals(label, Programs.label(Programs.nodeAt(PROGRAM, path)));
    }

    @Test
    void nodesFoundByPathAreTheParsedNodes() {
        Programs.Parsed parsed = Programs.parse("(sequence (no-op 0) (no-op 0))");
        Command second = Programs.nodeAt(parsed.program(), "1");
        assertSame(parsed.program().children().get(1), second);
        assertEquals(new Position(1, 21), parsed.sourceMap().position(second).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "5 => no node at path \"5\": let has 1 children, not 6",
            "0.0.0 => no node at path \"0.0.0\": chroot has 0 children, not 1",
            "0. => malformed node path \"0.\": expected child indices joined by '.'",
            "a => malformed node path \"a\": expected child indices joined by '.'",
            "-1 => malformed node path \"-1\": expected child indices joined by '.'"})
    void rejectsPathsThatLeadNowhere(String path, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Programs.nodeAt(PROGRAM, path)).getMessage());
    }

    @Test
    void labelsEveryOtherCommand() {
        Programs.Parsed parsed = Programs.parse("""
                (sequence (no-op 3) (approve null "Deploy?" f) (retry (pause 1.5) 2) (if (spawn "x") (no-op 0) (no-op 1))
                  (isolate (docker "debian:12") (no-op 0)))""");
        Command p = parsed.program();
        assertEquals(List.of("no-op 3", "approve \"Deploy?\"", "retry 2 times", "if", "isolate"),
                p.children().stream().map(Programs::label).toList());
        assertEquals("pause 1.5", Programs.label(Programs.nodeAt(p, "2.0")));
        assertEquals("spawn x", Programs.label(Programs.nodeAt(p, "3.0")));
        assertEquals("docker debian:12", Programs.label(Programs.nodeAt(p, "4.0")));
    }

    @Test
    void labelsStayOnOneShortLine() {
        Command exec = Programs.nodeAt(Programs.parse("(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"line one\nline two "
                + "x".repeat(200) + "\")))").program(), "1");
        String label = Programs.label(exec);
        assertTrue(label.startsWith("exec /bin/sh -c line one line two xxx"), label);
        assertEquals(99, label.length());
        assertTrue(label.endsWith("…"));
    }

    @Test
    void printEndsWithANewline() {
        assertEquals("(no-op 0)\n", Programs.print(Programs.parse("  (no-op   0)  ").program()));
    }
}
