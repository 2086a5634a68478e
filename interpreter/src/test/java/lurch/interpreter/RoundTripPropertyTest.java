package lurch.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import lurch.interpreter.ast.Command;
import org.junit.jupiter.api.Test;

/** Properties over thousands of random programs; a failure names the seed that reproduces it. */
class RoundTripPropertyTest {

    private static final int PROGRAMS = 6000;
    private static final String MUTATION_CHARACTERS = "()\"\\; \nx1.-";

    @Test
    void printingThenParsingGivesBackTheSameProgram() {
        for (long seed = 0; seed < PROGRAMS; seed++) {
            Command program = new ProgramGenerator(seed).program();
            String text = Programs.print(program);
            Programs.Parsed parsed = Programs.parse(text);
            assertTrue(parsed.ok(), "seed " + seed + " printed as\n" + text + "gives " + parsed.diagnostics());
            assertEquals(program, parsed.program(), "seed " + seed + " printed as\n" + text);
        }
    }

    @Test
    void printingIsIdempotent() {
        for (long seed = 0; seed < PROGRAMS; seed++) {
            String once = Programs.print(new ProgramGenerator(seed).program());
            String twice = Programs.print(Programs.parse(once).program());
            assertEquals(once, twice, "seed " + seed);
        }
    }

    @Test
    void everyNodeOfAParsedProgramHasAPosition() {
        for (long seed = 0; seed < 500; seed++) {
            Programs.Parsed parsed = Programs.parse(Programs.print(new ProgramGenerator(seed).program()));
            assertEquals(count(parsed.program()), parsed.sourceMap().size(), "seed " + seed);
        }
    }

    @Test
    void damagedTextGivesDiagnosticsNeverExceptions() {
        Random random = new Random(42);
        int rejected = 0;
        for (long seed = 0; seed < PROGRAMS; seed++) {
            String text = mutate(Programs.print(new ProgramGenerator(seed).program()), random);
            Programs.Parsed parsed;
            try {
                parsed = Programs.parse(text);
            } catch (RuntimeException | StackOverflowError e) {
                fail("parsing threw " + e + " on:\n" + text);
                return;
            }
            if (parsed.ok()) {
                assertEquals(parsed.program(), Programs.parse(Programs.print(parsed.program())).program());
            } else {
                rejected++;
                assertFalse(parsed.diagnostics().isEmpty());
                long lines = text.lines().count() + 1;
                parsed.diagnostics().forEach(d -> assertTrue(d.position().line() <= lines, () -> d + " beyond\n" + text));
            }
        }
        assertTrue(rejected > PROGRAMS / 2, "most damage is noticed, " + rejected + " of " + PROGRAMS);
    }

    @Test
    void deepNestingIsADiagnosticNotAStackOverflow() {
        Programs.Parsed parsed = Programs.parse("(sequence ".repeat(100_000));
        assertFalse(parsed.ok());
        assertTrue(parsed.diagnostics().get(0).message().startsWith("nesting too deep"), parsed.diagnostics().toString());
    }

    /** One to three edits: delete a parenthesis or quote, or delete, insert or replace any character. */
    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        for (int n = 1 + random.nextInt(3); n > 0 && !s.isEmpty(); n--) {
            int at = random.nextInt(s.length());
            char c = MUTATION_CHARACTERS.charAt(random.nextInt(MUTATION_CHARACTERS.length()));
            switch (random.nextInt(4)) {
                case 0 -> deleteOne(s, "()\"".charAt(random.nextInt(3)), random);
                case 1 -> s.deleteCharAt(at);
                case 2 -> s.insert(at, c);
                default -> s.setCharAt(at, c);
            }
        }
        return s.toString();
    }

    private static void deleteOne(StringBuilder s, char c, Random random) {
        int count = (int) s.chars().filter(x -> x == c).count();
        int skip = count == 0 ? 0 : random.nextInt(count);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c && skip-- == 0) {
                s.deleteCharAt(i);
                return;
            }
        }
    }

    private static int count(Command node) {
        assertNotNull(node);
        return 1 + node.children().stream().mapToInt(RoundTripPropertyTest::count).sum();
    }
}
