package lurch.server.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides a program's secrets in output lines as {@code ***}, in the forms a build can print them in: the value
 * itself; each line of a multi-line value (a PEM key printed with {@code cat}); its base64 (standard and
 * URL-safe, padded or not, with or without the newline {@code echo} adds, wrapped at 76 columns as
 * {@code base64} prints it, and inside a longer base64 text at any of the three byte alignments); its URL
 * encoding. Matching looks through ANSI escape sequences, so {@code sec\e[0mret} is found too.
 *
 * <p>Parts shorter than {@link #MIN_PART} characters (a short line of a key, the base64 of a 2-byte value
 * inside other text) are not masked on their own: they would mask ordinary text and give little away.
 */
final class SecretMask {
    static final SecretMask NONE = new SecretMask(List.of());
    static final String MASK = "***";
    private static final int MIN_PART = 6;
    private static final int BASE64_LINE = 76;
    private static final char ESC = '\u001b';

    /** Longest first, so a whole value is masked before any of its lines. */
    private final List<String> forms;
    private final int longest;

    private SecretMask(List<String> forms) {
        this.forms = forms;
        this.longest = forms.stream().mapToInt(String::length).max().orElse(0);
    }

    static SecretMask of(Collection<String> secrets) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            forms.add(secret);
            for (String line : secret.split("\r?\n")) {
                addPart(forms, line.strip());
            }
            for (String text : List.of(secret, secret + "\n")) {
                base64Forms(forms, text.getBytes(StandardCharsets.UTF_8));
            }
            addPart(forms, URLEncoder.encode(secret, StandardCharsets.UTF_8));
            addPart(forms, URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretMask(List.copyOf(sorted));
    }

    private static void base64Forms(Set<String> forms, byte[] bytes) {
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            String whole = encoder.encodeToString(bytes);
            addPart(forms, whole);
            for (int at = 0; at < whole.length(); at += BASE64_LINE) {
                addPart(forms, whole.substring(at, Math.min(whole.length(), at + BASE64_LINE)));
            }
            // Inside a longer text, the value starts at byte 0, 1 or 2 of a 3-byte group: keep only the
            // characters that depend on the value's bytes alone.
            for (int offset = 1; offset <= 2; offset++) {
                byte[] shifted = new byte[offset + bytes.length];
                System.arraycopy(bytes, 0, shifted, offset, bytes.length);
                String encoded = encoder.encodeToString(shifted);
                int from = offset == 1 ? 2 : 3;
                int to = 4 * (shifted.length / 3);
                if (to > from) {
                    addPart(forms, encoded.substring(from, to));
                }
            }
            int whole3 = 4 * (bytes.length / 3);
            addPart(forms, whole.substring(0, whole3));
        }
    }

    private static void addPart(Set<String> forms, String part) {
        if (part.length() >= MIN_PART) {
            forms.add(part);
        }
    }

    boolean isEmpty() {
        return forms.isEmpty();
    }

    /** The longest text that is masked: a cut line must carry this much less one into its next piece. */
    int longest() {
        return longest;
    }

    /** {@code text} with every form of every secret replaced by {@code ***}. */
    String apply(String text) {
        if (forms.isEmpty()) {
            return text;
        }
        List<int[]> spans = spans(text);
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int[] span : spans) {
            out.append(text, at, span[0]).append(MASK);
            at = span[1];
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * Where to cut a piece of a line too long to store whole so that no secret straddles the cut: at
     * least {@code longest - 1} characters before the end (any secret starting later is whole in the rest),
     * moved back to the start of a secret that would be cut.
     */
    int safeCut(String text) {
        Visible visible = Visible.of(text);
        int strippedCut = Math.max(0, visible.text().length() - Math.max(0, longest - 1));
        int cut = visible.original(strippedCut);
        for (int[] span : spans(text)) {
            if (span[0] < cut && cut < span[1]) {
                cut = span[0];
            }
        }
        return cut;
    }

    /** The merged spans, in {@code text}'s own indices, that hold a form of a secret. */
    private List<int[]> spans(String text) {
        Visible visible = Visible.of(text);
        String seen = visible.text();
        List<int[]> found = new ArrayList<>();
        for (String form : forms) {
            for (int at = seen.indexOf(form); at >= 0; at = seen.indexOf(form, at + 1)) {
                found.add(new int[] {at, at + form.length()});
            }
        }
        if (found.isEmpty()) {
            return found;
        }
        found.sort(Comparator.comparingInt(s -> s[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] span : found) {
            int[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && span[0] <= last[1]) {
                last[1] = Math.max(last[1], span[1]);
            } else {
                merged.add(span);
            }
        }
        for (int[] span : merged) {
            span[0] = visible.original(span[0]);
            span[1] = visible.original(span[1] - 1) + 1;
        }
        return merged;
    }

    /**
     * A line as a terminal shows it: without ANSI escape sequences (CSI such as {@code \e[31m}, OSC ended
     * by BEL or {@code \e\\}, and two-character escapes), with where each remaining character stood.
     */
    private record Visible(String text, int[] originalIndex) {

        static Visible of(String line) {
            if (line.indexOf(ESC) < 0) {
                return new Visible(line, null);
            }
            StringBuilder kept = new StringBuilder(line.length());
            int[] index = new int[line.length() + 1];
            int i = 0;
            while (i < line.length()) {
                if (line.charAt(i) == ESC) {
                    i = afterEscape(line, i);
                    continue;
                }
                index[kept.length()] = i;
                kept.append(line.charAt(i));
                i++;
            }
            index[kept.length()] = line.length();
            return new Visible(kept.toString(), index);
        }

        int original(int strippedIndex) {
            return originalIndex == null ? strippedIndex : originalIndex[strippedIndex];
        }

        private static int afterEscape(String line, int esc) {
            int i = esc + 1;
            if (i >= line.length()) {
                return i;
            }
            char kind = line.charAt(i++);
            if (kind == '[') {
                while (i < line.length() && line.charAt(i) >= 0x20 && line.charAt(i) <= 0x3F) {
                    i++;
                }
                return i < line.length() && line.charAt(i) >= 0x40 && line.charAt(i) <= 0x7E ? i + 1 : i;
            }
            if (kind == ']') {
                while (i < line.length() && line.charAt(i) != '\u0007'
                        && !(line.charAt(i) == ESC && i + 1 < line.length() && line.charAt(i + 1) == '\\')) {
                    i++;
                }
                return i >= line.length() ? i : line.charAt(i) == '\u0007' ? i + 1 : i + 2;
            }
            return i;
        }
    }
}
