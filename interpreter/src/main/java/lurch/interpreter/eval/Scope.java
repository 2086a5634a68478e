package lurch.interpreter.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables in force at one node: built-ins and the bindings of enclosing {@code let}/{@code for}
 * (innermost wins), and the answers given upfront when the program was started, which a {@code let}
 * of that name takes instead of asking.
 */
public record Scope(Map<String, String> vars, Map<String, String> presets) {

    public Scope {
        vars = Map.copyOf(vars);
        presets = Map.copyOf(presets);
    }

    public static Scope of(Map<String, String> vars, Map<String, String> presets) {
        return new Scope(vars, presets);
    }

    public Scope with(String name, String value) {
        Map<String, String> bound = new HashMap<>(vars);
        bound.put(name, value);
        return new Scope(bound, presets);
    }

    /** {@code text} with every {@code ${name}} replaced; see {@link Expander}. */
    public String expand(String text) {
        return Expander.expand(text, vars);
    }
}
