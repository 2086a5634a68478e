package lurch.interpreter.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExpanderTest {

    private static final Map<String, String> VARS = Map.of("arch", "arm64", "dir_arm64", "/opt/arm", "v", "1.0",
            "tricky", "${v}", "a_b", "AB", "b", "b");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "`build-${v}.tar` => `build-1.0.tar`",
            "`${arch}/${v}` => `arm64/1.0`",
            "`${dir_${arch}}/bin` => `/opt/arm/bin`",
            "`${a_${b}}` => `AB`",
            "`${unknown} and ${v}` => `${unknown} and 1.0`",
            "`${dir_${nope}}` => `${dir_${nope}}`",
            "`${tricky}` => `${v}`",
            "`cost: $5, ${}` => `cost: $5, ${}`",
            "`$${v}` => `$1.0`",
            "`tail ${v` => `tail ${v`",
            "`${ unclosed then ${v}` => `${ unclosed then 1.0`",
            "`${a_${b} never closed` => `${a_b never closed`",
            "`no references` => `no references`",
            "`` => ``"})
    void replacesReferences(String text, String expected) {
        assertEquals(expected, Expander.expand(text, VARS));
    }

    @Test
    void theInnermostBindingWins() {
        Scope outer = Scope.of(Map.of("run_id", "7", "x", "builtin"), Map.of());
        Scope inner = outer.with("x", "let").with("y", "for").with("x", "innermost");
        assertEquals("7 innermost for", inner.expand("${run_id} ${x} ${y}"));
        assertEquals("builtin", outer.expand("${x}"));
    }

    @Test
    void twentyThousandNestedReferencesExpandWithoutOverflowingTheStack() {
        String nested = "${".repeat(20_000) + "v" + "}".repeat(20_000);
        assertEquals(nested, Expander.expand(nested, VARS), "no name ${...${v}...} is bound: kept as written");
        String unclosed = "${".repeat(20_000) + "v";
        assertEquals(unclosed, Expander.expand(unclosed, VARS));
    }

    @Test
    void manyUnclosedReferencesTakeLinearTime() {
        String text = "${ ".repeat(200_000) + "${v}";
        long start = System.nanoTime();
        assertEquals("${ ".repeat(200_000) + "1.0", Expander.expand(text, VARS));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "quadratic rescanning would take minutes");
    }

    /** Random texts over the characters that matter, against the former recursive expander. */
    @Test
    void agreesWithTheRecursiveExpanderOnRandomTexts() {
        Random random = new Random(11);
        String[] pieces = {"${", "}", "$", "{", "v", "a_", "b", "arch", "dir_", " "};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertEquals(ReferenceExpansion.expand(text.toString(), VARS), Expander.expand(text.toString(), VARS),
                    text::toString);
        }
    }
}
