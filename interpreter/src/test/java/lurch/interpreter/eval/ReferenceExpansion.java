package lurch.interpreter.eval;

import java.util.Map;

/**
 * The expander as it was before it became iterative: recursive, one call per open {@code ${}. Kept in the
 * tests only, as the reference the iterative {@link Expander} must agree with on texts it can handle
 * (it overflows the stack on deep nesting, which is why it was replaced).
 */
public final class ReferenceExpansion {

    private ReferenceExpansion() {}

    public static String expand(String text, Map<String, String> vars) {
        if (text == null || !text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int end = expandInto(text, 0, false, vars, out);
        if (end != text.length()) {
            throw new IllegalStateException("expansion stopped at " + end);
        }
        return out.toString();
    }

    /**
     * Copies {@code text} from {@code from} into {@code out}, expanding references. Inside a reference
     * ({@code nested}), stops at its closing brace and returns the index of that brace; at top level,
     * returns the text length. Returns -1 when a nested reference is never closed.
     */
    private static int expandInto(String text, int from, boolean nested, Map<String, String> vars, StringBuilder out) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (nested && c == '}') {
                return i;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                StringBuilder name = new StringBuilder();
                int close = expandInto(text, i + 2, true, vars, name);
                if (close < 0) {
                    if (nested) {
                        return -1;
                    }
                    // Only this "${" stays as written: references after it still expand.
                    out.append("${");
                    i += 2;
                    continue;
                }
                String value = vars.get(name.toString());
                out.append(value != null ? value : text.substring(i, close + 1));
                i = close + 1;
                continue;
            }
            out.append(c);
            i++;
        }
        return nested ? -1 : i;
    }
}
