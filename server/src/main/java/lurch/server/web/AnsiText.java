package lurch.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a log line with ANSI escape sequences into styled pieces of plain text. SGR codes (colours, bold,
 * italic, underline) become CSS classes; every other escape sequence is dropped. The text stays text: the
 * template or the script escapes it, so a line holding {@code <script>} shows as written.
 */
final class AnsiText {

    /** A piece of text and its CSS classes ("" for none). */
    public record Piece(String css, String text) {}

    private static final Pattern ESCAPE = Pattern.compile("\u001B\\[([0-9;]*)([A-Za-z])|\u001B[^\\[]?");

    private AnsiText() {}

    static List<Piece> pieces(String line) {
        List<Piece> pieces = new ArrayList<>();
        Style style = new Style();
        Matcher escape = ESCAPE.matcher(line);
        int at = 0;
        while (escape.find()) {
            add(pieces, style.css(), line.substring(at, escape.start()));
            if ("m".equals(escape.group(2))) {
                style.apply(escape.group(1));
            }
            at = escape.end();
        }
        add(pieces, style.css(), line.substring(at));
        return pieces;
    }

    private static void add(List<Piece> pieces, String css, String text) {
        if (!text.isEmpty()) {
            pieces.add(new Piece(css, text));
        }
    }

    /** The SGR state: foreground and background colour numbers (-1 default) and attributes. */
    private static final class Style {
        int foreground = -1;
        int background = -1;
        boolean bold;
        boolean italic;
        boolean underline;

        void apply(String parameters) {
            String[] codes = parameters.isEmpty() ? new String[] {"0"} : parameters.split(";");
            for (int k = 0; k < codes.length; k++) {
                String raw = codes[k];
                int code = raw.isEmpty() ? 0 : raw.length() > 3 ? -1 : Integer.parseInt(raw);
                if (code == 38 || code == 48) {
                    // 256-colour and RGB forms: not rendered, but their numbers must not be read as colours
                    k += k + 1 < codes.length && codes[k + 1].equals("5") ? 2 : 4;
                    continue;
                }
                switch (code) {
                    case 0 -> { foreground = -1; background = -1; bold = false; italic = false; underline = false; }
                    case 1 -> bold = true;
                    case 3 -> italic = true;
                    case 4 -> underline = true;
                    case 22 -> bold = false;
                    case 23 -> italic = false;
                    case 24 -> underline = false;
                    case 39 -> foreground = -1;
                    case 49 -> background = -1;
                    default -> colour(code);
                }
            }
        }

        private void colour(int code) {
            if (code >= 30 && code <= 37) foreground = code - 30;
            else if (code >= 90 && code <= 97) foreground = code - 90 + 8;
            else if (code >= 40 && code <= 47) background = code - 40;
            else if (code >= 100 && code <= 107) background = code - 100 + 8;
        }

        String css() {
            StringBuilder css = new StringBuilder();
            if (foreground >= 0) css.append(" fg").append(foreground);
            if (background >= 0) css.append(" bg").append(background);
            if (bold) css.append(" b");
            if (italic) css.append(" i");
            if (underline) css.append(" u");
            return css.toString().trim();
        }
    }
}
