package lurch.interpreter.eval;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Replaces {@code ${name}} by the value bound to {@code name}. References nest: in
 * {@code ${dir_${arch}}} the inner one is expanded first, and its result names the outer one.
 * An unknown name, or a {@code ${} never closed, stays as written (and the references after an unclosed
 * {@code ${} are still expanded). Values are not expanded again,
 * so a value that happens to contain {@code ${x}} is kept verbatim.
 *
 * <p>One pass with an explicit stack of open references, so neither deep nesting (a program with
 * 20,000 nested {@code ${}) nor many unclosed ones can overflow the thread's stack or take quadratic time.
 */
public final class Expander {

    private Expander() {}

    /** A reference whose closing brace has not been read yet: where its {@code ${} is, and its name so far. */
    private record Open(int start, StringBuilder name) {}

    public static String expand(String text, Map<String, String> vars) {
        if (text == null || !text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        Deque<Open> open = new ArrayDeque<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                open.push(new Open(i, new StringBuilder()));
                i += 2;
                continue;
            }
            if (c == '}' && !open.isEmpty()) {
                Open closed = open.pop();
                String value = vars.get(closed.name().toString());
                StringBuilder into = open.isEmpty() ? out : open.peek().name();
                if (value != null) {
                    into.append(value);
                } else {
                    into.append(text, closed.start(), i + 1);
                }
            } else {
                (open.isEmpty() ? out : open.peek().name()).append(c);
            }
            i++;
        }
        // What is still open was never closed: each such "${" stays as written, and what follows it was
        // read as plain text with its own closed references expanded.
        while (!open.isEmpty()) {
            out.append("${").append(open.removeLast().name());
        }
        return out.toString();
    }
}
