package lurch.interpreter.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical form, starting with the examples of the original tool's manual. */
class PrinterTest {

    private static final String TEST_CONTAINER = """
            (isolate
              (docker "rixed/lurch-docker-in-docker")
              (exec "/usr/bin/docker"
                ("ps")
                () null))
            """;

    private static final String TEST_CHROOT = """
            (isolate
              (chroot "busybox")
              (exec "/bin/ls"
                ("/bin")
                () null))
            """;

    private static final String HELLO_AS_IMPORTED = """
            (isolate
              (chroot "busybox")
              (sequence
                (exec "/bin/sleep" ("10") () null)
                (exec "/bin/echo" ("hello world!") () null)))
            """;

    private static final String HELLO_CANONICAL = """
            (isolate
              (chroot "busybox")
              (sequence
                (exec "/bin/sleep"
                  ("10")
                  () null)
                (exec "/bin/echo"
                  ("hello world!")
                  () null)))
            """;

    private static String canonical(String source) {
        Programs.Parsed parsed = Programs.parse(source);
        assertEquals(List.of(), parsed.diagnostics());
        return Programs.print(parsed.program());
    }

    @Test
    void theManualsExportsAreAlreadyCanonical() {
        assertEquals(TEST_CONTAINER, canonical(TEST_CONTAINER));
        assertEquals(TEST_CHROOT, canonical(TEST_CHROOT));
    }

    @Test
    void theManualsHelloPrintsInTheExportLayout() {
        assertEquals(HELLO_CANONICAL, canonical(HELLO_AS_IMPORTED));
        assertEquals(Programs.parse(HELLO_AS_IMPORTED).program(), Programs.parse(HELLO_CANONICAL).program());
    }

    @Test
    void layoutOfEveryComposite() {
        String source = """
                (let version "1.0" "Which version?"
                  (for arch ("amd64" "arm64")
                    (retry
                      (if
                        (no-op 0)
                        (sequence
                          (pause 1.5)
                          (wait (0 30) (3) () () (1 2 3 4 5))
                          (spawn "deploy ${arch}")
                          (approve 3600 "Deploy ${version}?" f)
                          (break 1))
                        (sequence))
                      3)))
                """;
        assertEquals(source, canonical(source));
    }

    @Test
    void execAlwaysShowsAllFourParts() {
        assertEquals("(exec \"/bin/true\"\n  ()\n  () null)\n",
                Printer.print(new Exec("/bin/true", List.of(), List.of(), null)));
        assertEquals("(exec \"/bin/env\"\n  (\"-i\")\n  (\"A=1\" \"B=2\") 0.25)\n",
                Printer.print(new Exec("/bin/env", List.of("-i"), List.of("A=1", "B=2"), 0.25)));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "10.0 => (pause 10)", "1.5 => (pause 1.5)", "0.1 => (pause 0.1)", "0.0 => (pause 0)",
            "1e20 => (pause 1.0E20)", "1.0E-7 => (pause 1.0E-7)", "123456789.125 => (pause 123456789.125)"})
    void numbersPrintShortAndReadBackEqual(double seconds, String expected) {
        String printed = Printer.print(new Pause(seconds));
        assertEquals(expected + "\n", printed);
        assertEquals(new Pause(seconds), Parser.parse(printed).program());
    }

    @Test
    void stringsAreEscapedAndNamesQuotedOnlyWhenNeeded() {
        Command let = new Let("my var", null, "say \"hi\"\\\n\t日本", new For("x.y-1", List.of(), new NoOp(0)));
        String printed = Printer.print(let);
        assertEquals("""
                (let "my var" null "say \\"hi\\"\\\\\\n\\t日本"
                  (for x.y-1 ()
                    (no-op 0)))
                """, printed);
        assertEquals(let, Parser.parse(printed).program());
    }

    @Test
    void aNameSpelledLikeAKeywordValueIsQuoted() {
        Command let = new Let("null", "", "", new Builder.Chroot("busybox"));
        assertEquals(let, Parser.parse(Printer.print(let)).program());
    }
}
