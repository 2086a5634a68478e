package lurch.interpreter.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import lurch.interpreter.Diagnostic;
import lurch.interpreter.Position;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    private static Command parse(String source) {
        Parser.Result result = Parser.parse(source);
        assertEquals(List.of(), result.diagnostics(), source);
        return result.program();
    }

    private static String error(String source) {
        Parser.Result result = Parser.parse(source);
        assertNull(result.program(), source);
        assertEquals(1, result.diagnostics().size(), source);
        return result.diagnostics().get(0).toString();
    }

    @Test
    void readsEveryCommand() {
        assertEquals(new NoOp(3), parse("(no-op 3)"));
        assertEquals(new Isolate(new Builder.Chroot("busybox"), new NoOp(0)), parse("(isolate (chroot \"busybox\") (no-op 0))"));
        assertEquals(new Builder.Docker("debian:12"), parse("(docker \"debian:12\")"));
        assertEquals(new Exec("/bin/ls", List.of("-l", "/"), List.of("A=1"), 2.5), parse("(exec \"/bin/ls\" (\"-l\" \"/\") (\"A=1\") 2.5)"));
        assertEquals(new Approve(60.0, "Deploy?", true), parse("(approve 60 \"Deploy?\" t)"));
        assertEquals(new Approve(null, "Deploy?", false), parse("(approve null \"Deploy?\" f)"));
        assertEquals(new Let("version", "1.0", "Which version?", new NoOp(0)), parse("(let version \"1.0\" \"Which version?\" (no-op 0))"));
        assertEquals(new Sequence(List.of(new NoOp(0), new NoOp(1))), parse("(sequence (no-op 0) (no-op 1))"));
        assertEquals(new Sequence(List.of()), parse("(sequence)"));
        assertEquals(new Retry(new NoOp(1), 3), parse("(retry (no-op 1) 3)"));
        assertEquals(new If(new NoOp(0), new NoOp(1), new NoOp(2)), parse("(if (no-op 0) (no-op 1) (no-op 2))"));
        assertEquals(new Pause(1.5), parse("(pause 1.5)"));
        assertEquals(new Wait(List.of(0, 30), List.of(3), List.of(), List.of(1, 12), List.of(0)),
                parse("(wait (0 30) (3) () (1 12) (0))"));
        assertEquals(new Spawn("nightly"), parse("(spawn \"nightly\")"));
        assertEquals(new For("arch", List.of("amd64", "arm64"), new Break(1)), parse("(for arch (\"amd64\" \"arm64\") (break 1))"));
        assertEquals(new Break(2), parse("(break 2)"));
    }

    @Test
    void execMayLeaveOutItsTrailingParts() {
        Exec bare = new Exec("/bin/true", List.of(), List.of(), null);
        assertEquals(bare, parse("(exec \"/bin/true\")"));
        assertEquals(bare, parse("(exec \"/bin/true\" ())"));
        assertEquals(bare, parse("(exec \"/bin/true\" () ())"));
        assertEquals(bare, parse("(exec \"/bin/true\" () () null)"));
        assertEquals(bare, parse("(exec \"/bin/true\" null null null)"));
        assertEquals(new Exec("/bin/x", List.of("a"), List.of(), null), parse("(exec \"/bin/x\" (\"a\"))"));
    }

    @Test
    void acceptsNullForEmptyListsAndNamesAsStrings() {
        assertEquals(new Wait(List.of(), List.of(), List.of(), List.of(), List.of()), parse("(wait null () null () null)"));
        assertEquals(new For("x", List.of(), new NoOp(0)), parse("(for \"x\" null (no-op 0))"));
        assertEquals(new Let("my var", null, null, new NoOp(0)), parse("(let \"my var\" null null (no-op 0))"));
    }

    @Test
    void readsNumbersInEveryWrittenForm() {
        assertEquals(new Pause(10), parse("(pause 10)"));
        assertEquals(new Pause(0.5), parse("(pause .5)"));
        assertEquals(new Pause(2), parse("(pause 2.)"));
        assertEquals(new Pause(1500), parse("(pause 1.5e3)"));
        assertEquals(new NoOp(-1), parse("(no-op -1)"));
        assertEquals(new NoOp(7), parse("(no-op +7)"));
    }

    @Test
    void unescapesStrings() {
        assertEquals(new Spawn("say \"hi\"\\\n\tok"), parse("(spawn \"say \\\"hi\\\"\\\\\\n\\tok\")"));
        assertEquals(new Spawn("two\nlines 日本 😀"), parse("(spawn \"two\nlines 日本 😀\")"));
    }

    @Test
    void skipsCommentsAndBlankSpace() {
        String source = """
                ; the nightly build
                (sequence   ; steps
                  (no-op 0) ; first
                  ;(no-op 1)
                )
                ; end""";
        assertEquals(new Sequence(List.of(new NoOp(0))), parse(source));
    }

    @Test
    void ignoresAByteOrderMarkAndWindowsLineEnds() {
        Parser.Result result = Parser.parse("\uFEFF(sequence\r\n  (no-op 0)\r\n  (break))");
        assertEquals("3:9: break is missing an argument: expected the number of loops (an integer), found ')'",
                result.diagnostics().get(0).toString());
        assertEquals(new NoOp(0), parse("\uFEFF(no-op 0)\r\n"));
    }

    @Test
    void recordsWhereEachNodeAndArgumentIs() {
        Parser.Result result = Parser.parse("(sequence\n  (exec \"/bin/ls\" () (\"A=1\" \"B=2\"))\n  (pause 3))");
        Sequence sequence = (Sequence) result.program();
        Command exec = sequence.commands().get(0);
        assertEquals(new Position(1, 1), result.sourceMap().position(sequence).orElseThrow());
        assertEquals(new Position(2, 3), result.sourceMap().position(exec).orElseThrow());
        assertEquals(new Position(2, 9), result.sourceMap().argument(exec, 0));
        assertEquals(new Position(2, 29), result.sourceMap().item(exec, 2, 1));
        assertEquals(new Position(3, 10), result.sourceMap().argument(sequence.commands().get(1), 0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "`` => 1:1: empty program: expected a command, found end of input",
            "`  ; only a comment\n` => 2:1: empty program: expected a command, found end of input",
            "`no-op` => 1:1: expected '(' to start a command, found no-op",
            "`(no-op 0` => 1:1: unclosed '(': expected ')', found end of input",
            "`(sequence\n  (no-op 0)\n  (sequence (no-op 1)` => 3:3: unclosed '(': expected a command or ')' in sequence, found end of input",
            "`(exec \"/bin/ls\" (\"a\"` => 1:17: unclosed '(': expected a string or ')' in the arguments of exec, found end of input",
            "`(no-op 0))` => 1:10: unmatched ')': expected end of input after the program, found ')'",
            "`(no-op 0) (no-op 1)` => 1:11: a program is a single command: expected end of input after the program, found '('",
            "`(spawn \"nightly)` => 1:8: unterminated string: expected a closing '\"', found end of input",
            "`(spawn \"a\nb\\q\")` => 2:2: unknown escape in string: expected one of \\\" \\\\ \\n \\t, found \\q",
            "`(frobnicate 1)` => 1:2: unknown command 'frobnicate'",
            "`(sequnce)` => 1:2: unknown command 'sequnce' (did you mean 'sequence'?)",
            "`()` => 1:2: expected a command name after '(', found ')'",
            "`(\"exec\")` => 1:2: expected a command name after '(', found \"exec\"",
            "`(no-op)` => 1:7: no-op is missing an argument: expected the exit code (an integer), found ')'",
            "`(no-op 0 1)` => 1:10: too many arguments to no-op: expected ')', found 1",
            "`(if (no-op 0) (no-op 1))` => 1:24: if is missing an argument: expected the else branch (a command), found ')'",
            "`(exec \"/bin/ls\" () () null 5)` => 1:28: too many arguments to exec: expected ')', found 5",
            "`(spawn nightly)` => 1:8: expected the program name (a string) in spawn, found nightly",
            "`(spawn 3)` => 1:8: expected the program name (a string) in spawn, found 3",
            "`(no-op \"0\")` => 1:8: expected the exit code (an integer) in no-op, found \"0\"",
            "`(no-op 1.5)` => 1:8: expected the exit code (an integer) in no-op, found 1.5",
            "`(no-op 99999999999)` => 1:8: integer out of range: 99999999999",
            "`(pause \"10\")` => 1:8: expected the duration (a number of seconds) in pause, found \"10\"",
            "`(pause null)` => 1:8: expected the duration (a number of seconds) in pause, found null",
            "`(pause 1e400)` => 1:8: number out of range: 1e400",
            "`(approve 5 \"ok?\" yes)` => 1:18: expected the answer on timeout (t or f) in approve, found yes",
            "`(retry 3 (no-op 0))` => 1:8: expected the command to retry (a command in parentheses) in retry, found 3",
            "`(for x (\"a\" 1) (no-op 0))` => 1:13: expected a string or ')' in the values of for, found 1",
            "`(wait (1 \"2\") () () () ())` => 1:10: expected an integer or ')' in the minutes of wait, found \"2\"",
            "`(exec \"/bin/ls\" \"-l\")` => 1:17: expected the arguments (a list in parentheses, or null) in exec, found \"-l\"",
            "`(let null \"\" \"\" (no-op 0))` => 1:6: expected the variable name (a name) in let, found null",
            "`(sequence (no-op 0) 5)` => 1:21: expected a command or ')' in sequence, found 5",
            "`(isolate (no-op 0) (no-op 0))` => 1:10: expected a builder, (chroot ...) or (docker ...), as the first argument of isolate, found no-op",
    })
    void reportsTheFirstErrorWithItsPosition(String source, String expected) {
        assertEquals(expected, error(source));
    }

    @Test
    void diagnosticsFormatForFilesAndConsoles() {
        Diagnostic d = Parser.parse("(no-op)").diagnostics().get(0);
        assertEquals("job.lurch:1:7: no-op is missing an argument: expected the exit code (an integer), found ')'",
                d.format("job.lurch"));
    }
}
