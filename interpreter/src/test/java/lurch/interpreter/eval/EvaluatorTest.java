package lurch.interpreter.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import lurch.interpreter.ast.Command;
import lurch.interpreter.eval.Evaluator.ApprovalDecision;
import lurch.interpreter.syntax.Parser;
import org.junit.jupiter.api.Test;

/** Each command's behaviour, driven as the engine would drive it (see {@link Driver}). */
class EvaluatorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:15:30Z"), ZoneOffset.UTC);
    private static final Scope EMPTY = Scope.of(Map.of(), Map.of());

    private final Driver driver = new Driver(CLOCK);

    /** Syntax only: these programs exercise the evaluator, not the placement rules. */
    private Outcome run(String source) {
        return run(source, EMPTY);
    }

    private Outcome run(String source, Scope scope) {
        Parser.Result parsed = Parser.parse(source);
        assertEquals(List.of(), parsed.diagnostics());
        return driver.run(parsed.program(), scope);
    }

    @Test
    void noOpExitsWithItsCode() {
        assertEquals(Outcome.of(3), run("(no-op 3)"));
    }

    @Test
    void sequenceStopsAtTheFirstFailureAndReturnsIt() {
        driver.exec = line -> line.equals("/b") ? 3 : 0;
        assertEquals(Outcome.of(3), run("(sequence (exec \"/a\") (exec \"/b\") (exec \"/c\"))"));
        assertEquals(List.of("/a", "/b"), driver.trace);
    }

    @Test
    void sequenceOfSuccessesEndsWithTheLastAndEmptySequenceSucceeds() {
        assertEquals(Outcome.of(0), run("(sequence (exec \"/a\") (exec \"/b\"))"));
        assertEquals(List.of("/a", "/b"), driver.trace);
        assertEquals(Outcome.of(0), run("(sequence)"));
    }

    @Test
    void retryStopsAtTheFirstSuccess() {
        AtomicInteger attempts = new AtomicInteger();
        driver.exec = line -> attempts.incrementAndGet() < 3 ? 1 : 0;
        assertEquals(Outcome.of(0), run("(retry (exec \"/flaky\") 5)"));
        assertEquals(3, attempts.get());
    }

    @Test
    void retryGivesUpAfterNAttemptsWithTheLastCode() {
        AtomicInteger attempts = new AtomicInteger();
        driver.exec = line -> 10 + attempts.incrementAndGet();
        assertEquals(Outcome.of(12), run("(retry (exec \"/broken\") 2)"));
        assertEquals(2, attempts.get());
    }

    @Test
    void ifRunsThenOnSuccessAndElseOnFailure() {
        assertEquals(Outcome.of(1), run("(if (no-op 0) (no-op 1) (no-op 2))"));
        assertEquals(Outcome.of(2), run("(if (no-op 5) (no-op 1) (no-op 2))"));
    }

    @Test
    void forBindsEachValueInTurn() {
        run("(for arch (\"amd64\" \"arm64\") (exec \"/build\" (\"--arch=${arch}\")))");
        assertEquals(List.of("/build --arch=amd64", "/build --arch=arm64"), driver.trace);
    }

    @Test
    void forStopsAtAFailingIterationAndAnEmptyForSucceeds() {
        driver.exec = line -> line.endsWith("b") ? 4 : 0;
        assertEquals(Outcome.of(4), run("(for x (\"a\" \"b\" \"c\") (exec \"/t\" (\"${x}\")))"));
        assertEquals(List.of("/t a", "/t b"), driver.trace);
        assertEquals(Outcome.of(0), run("(for x () (exec \"/never\"))"));
    }

    @Test
    void breakOneLeavesOnlyTheInnermostLoop() {
        Outcome outcome = run("""
                (for x ("1" "2")
                  (sequence
                    (for y ("a" "b") (sequence (exec "/e" ("${x}${y}")) (break 1)))
                    (exec "/after" ("${x}"))))""");
        assertEquals(Outcome.of(0), outcome);
        assertEquals(List.of("/e 1a", "/after 1", "/e 2a", "/after 2"), driver.trace);
    }

    @Test
    void breakTwoLeavesBothLoops() {
        Outcome outcome = run("""
                (sequence
                  (for x ("1" "2")
                    (sequence
                      (for y ("a" "b") (sequence (exec "/e" ("${x}${y}")) (break 2)))
                      (exec "/after" ("${x}"))))
                  (exec "/done"))""");
        assertEquals(Outcome.of(0), outcome);
        assertEquals(List.of("/e 1a", "/done"), driver.trace);
    }

    @Test
    void aBreakWithFewerLoopsEndsTheProgramSuccessfully() {
        Outcome outcome = run("(sequence (for x (\"a\") (sequence (break 3) (exec \"/no\"))) (exec \"/never\"))");
        assertEquals(new Outcome(0, 2), outcome);
        assertTrue(outcome.succeeded());
        assertEquals(List.of(), driver.trace);
    }

    @Test
    void aBreakInARetryOrIfConditionIsNotRetriedNorBranched() {
        assertEquals(new Outcome(0, 1), run("(retry (break 1) 5)"));
        assertEquals(new Outcome(0, 1), run("(if (break 1) (exec \"/then\") (exec \"/else\"))"));
        assertEquals(List.of(), driver.trace);
    }

    @Test
    void aCancelledChildEndsEveryCompositeAboveItWithoutRetryOrElse() {
        Evaluator evaluator = new Evaluator(CLOCK);
        Outcome cancelled = Outcome.of(Outcome.CANCELLED);
        for (String source : List.of("(retry (no-op 1) 5)", "(if (no-op 0) (no-op 0) (no-op 0))",
                "(sequence (no-op 0) (no-op 0))", "(for x (\"a\" \"b\") (no-op 0))")) {
            Command command = Parser.parse(source).program();
            assertEquals(new Step.Finish(cancelled), evaluator.childEnded(command, EMPTY, 0, cancelled), source);
        }
    }

    @Test
    void letAsksForTheValueWithItsDefaultAndExpandedComment() {
        Scope scope = Scope.of(Map.of("program", "deploy"), Map.of());
        run("(let version \"1.0\" \"Version of ${program}?\" (exec \"/release\" (\"${version}\")))", scope);
        assertEquals(List.of("ask version [1.0] Version of deploy?", "/release 1.0"), driver.trace);
    }

    @Test
    void letExpandsItsDefaultLikeEveryOtherStringOfAStep() {
        Scope scope = Scope.of(Map.of("git_branch", "main"), Map.of());
        run("(let ref \"${git_branch}\" \"Which ref?\" (spawn \"build-${ref}\"))", scope);
        assertEquals(List.of("ask ref [main] Which ref?", "spawn build-main"), driver.trace);
    }

    @Test
    void letTakesAnAnswerGivenUpfrontWithoutAsking() {
        Scope scope = Scope.of(Map.of(), Map.of("version", "2.0"));
        run("(let version \"1.0\" \"Which?\" (exec \"/release\" (\"${version}\")))", scope);
        assertEquals(List.of("/release 2.0"), driver.trace);
    }

    @Test
    void approvalOutcomes() {
        assertEquals(Outcome.of(0), run("(approve 60 \"Deploy?\" f)"));
        driver.decision = ApprovalDecision.REJECTED;
        assertEquals(Outcome.of(1), run("(approve 60 \"Deploy?\" t)"));
        driver.decision = ApprovalDecision.TIMED_OUT;
        assertEquals(Outcome.of(0), run("(approve 60 \"Deploy?\" t)"));
        assertEquals(Outcome.of(Outcome.EXPIRED), run("(approve 1.5 \"Deploy?\" f)"));
        assertEquals("approve? Deploy? PT1.5S false", driver.trace.get(3));
    }

    @Test
    void isolateBuildsThenRunsTheBodyUnlessTheBuildFails() {
        Scope scope = Scope.of(Map.of("tag", "12"), Map.of());
        assertEquals(Outcome.of(0), run("(isolate (docker \"debian:${tag}\") (exec \"/bin/true\" () (\"T=${tag}\") 30))", scope));
        assertEquals(List.of("build Docker[image=debian:12]", "/bin/true [T=12] PT30S"), driver.trace);
        driver.trace.clear();
        driver.exec = line -> line.equals("build") ? Outcome.COULD_NOT_START : 0;
        assertEquals(Outcome.of(Outcome.COULD_NOT_START), run("(isolate (chroot \"busybox\") (exec \"/bin/true\"))"));
        assertEquals(List.of("build Chroot[template=busybox]"), driver.trace);
    }

    @Test
    void pauseAndWaitSleepUntilTheRightInstant() {
        run("(sequence (pause 1.5) (wait (0) (3) () () ()) (spawn \"nightly-${x}\"))", EMPTY.with("x", "arm"));
        assertEquals(List.of("sleep until 2026-11-21T10:15:31.500Z", "sleep until 2026-11-22T03:00:00Z", "spawn nightly-arm"),
                driver.trace);
    }

    @Test
    void aChildlessCommandCannotBeToldAChildEnded() {
        Command noOp = Parser.parse("(no-op 0)").program();
        Evaluator evaluator = new Evaluator(CLOCK);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> evaluator.childEnded(noOp, EMPTY, 0, Outcome.of(0)));
        assertEquals("no-op has no children", e.getMessage());
    }
}
