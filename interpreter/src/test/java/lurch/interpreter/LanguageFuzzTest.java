package lurch.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import lurch.interpreter.eval.Expander;
import lurch.interpreter.eval.ReferenceExpansion;

/**
 * Fuzz targets for the language: whatever text arrives (an import, a PUT, a pushed {@code .lurch}), the parser
 * answers with a program or positioned diagnostics, never an exception, and the expander agrees with its
 * recursive reference. {@code ./mvnw verify} replays the committed seeds under {@code LanguageFuzzTestInputs};
 * {@code JAZZER_FUZZ=1} fuzzes (see README, "Security").
 */
class LanguageFuzzTest {
    private static final Map<String, String> VARS = Map.of("a", "x", "b", "${a}", "a_x", "AX", "", "empty");

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) {
        String source = new String(input, StandardCharsets.UTF_8);
        Programs.Parsed parsed = Programs.parse(source);
        if (!parsed.ok()) {
            assertTrue(!parsed.diagnostics().isEmpty(), "a refused program says why");
            for (Diagnostic d : parsed.diagnostics()) {
                assertTrue(d.position().line() >= 1 && d.position().column() >= 1, d::toString);
            }
            return;
        }
        String printed = Programs.print(parsed.program());
        Programs.Parsed again = Programs.parse(printed);
        assertTrue(again.ok(), () -> "the canonical form of a valid program is valid: " + again.diagnostics());
        assertEquals(parsed.program(), again.program(), "printing and reading back gives the same program");
        assertEquals(printed, Programs.print(again.program()));
    }

    @FuzzTest(maxDuration = "2m")
    void expand(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String expanded = Expander.expand(text, VARS);
        if (text.length() <= 4096) { // the recursive reference needs a stack as deep as the nesting
            assertEquals(ReferenceExpansion.expand(text, VARS), expanded);
        }
    }
}
