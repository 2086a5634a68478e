package lurch.interpreter.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import lurch.interpreter.Diagnostic;
import lurch.interpreter.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValidatorTest {

    private static List<String> problems(String source) {
        Programs.Parsed parsed = Programs.parse(source);
        return parsed.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "`(exec \"/bin/ls\")` => 1:1: exec runs a process, so it must be inside the body of an isolate",
            "`(sequence (isolate (chroot \"busybox\") (no-op 0)) (exec \"/bin/ls\"))`"
                    + " => 1:50: exec runs a process, so it must be inside the body of an isolate",
            "`(isolate (chroot \"busybox\")\n  (isolate (docker \"debian\") (no-op 0)))`"
                    + " => 2:3: isolate cannot be nested: this one is inside the isolate at 1:1",
            "`(docker \"debian\")` => 1:1: docker builds an isolation: it can only be the first argument of isolate",
            "`(isolate (chroot \"busybox\") (chroot \"busybox\"))`"
                    + " => 1:29: chroot builds an isolation: it can only be the first argument of isolate",
            "`(isolate (chroot \"alpine\") (no-op 0))` => 1:18: unknown chroot template \"alpine\": expected one of [busybox]",
            "`(isolate (docker \"my image\") (no-op 0))` => 1:18: a docker image name must be non-empty without spaces, found \"my image\"",
            "`(no-op 256)` => 1:8: the exit code of no-op must be between 0 and 255, found 256",
            "`(no-op -1)` => 1:8: the exit code of no-op must be between 0 and 255, found -1",
            "`(break 0)` => 1:8: break leaves at least 1 loop, found 0",
            "`(retry (no-op 1) 0)` => 1:18: retry makes at least 1 attempt, found 0",
            "`(retry (no-op 1) 100000000)` => 1:18: retry makes at most 1000 attempts, found 100000000",
            "`(for x (\"1\" \"2\") (retry (retry (no-op 1) 1000) 1000))` => 1:48: this retry can make more than"
                    + " 100000 runs (counting every attempt and iteration), the most a program may make",
            "`(pause -1.5)` => 1:8: the duration of pause must be a number of seconds >= 0, found -1.5",
            "`(approve -5 \"ok?\" t)` => 1:10: the timeout of approve must be a number of seconds >= 0, found -5",
            "`(isolate (chroot \"busybox\") (exec \"/bin/ls\" () () -1))`"
                    + " => 1:51: the timeout of exec must be a number of seconds >= 0, found -1",
            "`(isolate (chroot \"busybox\") (exec \"\"))` => 1:35: exec needs the path of a program, found an empty string",
            "`(isolate (chroot \"busybox\") (exec \"/bin/env\" () (\"A=1\" \"B\")))`"
                    + " => 1:56: an environment entry of exec must read NAME=VALUE, found \"B\"",
            "`(isolate (chroot \"busybox\") (exec \"/bin/env\" () (\"=1\")))`"
                    + " => 1:50: an environment entry of exec must read NAME=VALUE, found \"=1\"",
            "`(wait (0 60) () () () ())` => 1:10: minutes in wait must be between 0 and 59, found 60",
            "`(wait () (24) () () ())` => 1:11: hours in wait must be between 0 and 23, found 24",
            "`(wait () () (0) () ())` => 1:14: days of the month in wait must be between 1 and 31, found 0",
            "`(wait () () () (13) ())` => 1:17: months in wait must be between 1 and 12, found 13",
            "`(wait () () () () (7))` => 1:20: days of the week (0 = Sunday) in wait must be between 0 and 6, found 7",
            "`(wait () () (30 31) (2) ())` => 1:13: wait never ends: no month [2] has a day [30, 31]",
            "`(spawn \"\")` => 1:8: spawn needs the name of a program, found an empty string",
            "`(let \"\" \"\" \"\" (no-op 0))` => 1:6: the variable name of let is empty",
            "`(for \"a b\" (\"1\") (no-op 0))`"
                    + " => 1:6: the variable name 'a b' of for cannot be referred to as ${a b}: it must not contain spaces, '$', '{' or '}'",
    })
    void reportsEachRuleAtTheOffendingArgument(String source, String expected) {
        assertEquals(List.of(expected), problems(source));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "(break 3)",
            "(for x () (no-op 0))",
            "(sequence)",
            "(retry (retry (no-op 1) 10) 1000)",
            "(wait () () (29) (2) ())",
            "(wait () () (31) (2) (1))",
            "(isolate (chroot \"${template}\") (no-op 0))",
            "(isolate (docker \"debian\") (sequence (exec \"ls\") (exec \"/bin/env\" () (\"PATH=/bin\" \"EMPTY=\"))))",
            "(let ref \"main\" \"\" (isolate (docker \"registry:5000/img:${ref}\") (exec \"/bin/true\")))",
    })
    void acceptsValidPrograms(String source) {
        assertEquals(List.of(), problems(source));
    }

    @Test
    void reportsEveryProblemInSourceOrder() {
        assertEquals(List.of(
                "1:18: the exit code of no-op must be between 0 and 255, found 300",
                "1:23: exec runs a process, so it must be inside the body of an isolate",
                "1:41: break leaves at least 1 loop, found 0"),
                problems("(sequence (no-op 300) (exec \"x\") (break 0))"));
    }

    @Test
    void aForWithMoreThanAThousandValuesIsRejectedAtItsValues() {
        String values = "\"v\" ".repeat(1001);
        assertEquals(List.of("1:8: for takes at most 1000 values, found 1001"),
                problems("(for x (" + values + ") (no-op 0))"));
    }

    @Test
    void aLoopOverAttemptsThatMultipliesPastTheBudgetIsRejectedAtTheLoop() {
        String values = "\"v\" ".repeat(100);
        assertEquals(List.of("1:8: this for can make more than 100000 runs (counting every attempt and iteration),"
                        + " the most a program may make"),
                problems("(for x (" + values + ") (sequence (retry (no-op 1) 1000) (retry (no-op 1) 1000)))"));
    }

    @Test
    void aProgramWithProblemsIsNotHandedOut() {
        Programs.Parsed parsed = Programs.parse("(break 0)");
        assertEquals(null, parsed.program());
        assertEquals(false, parsed.ok());
    }
}
