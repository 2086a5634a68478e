package lurch.server.web;

import java.time.Instant;

/** What templates call to format values and build links ({@code ${fmt.time(run.created())}}). */
public final class PageFormat {

    static final PageFormat INSTANCE = new PageFormat();

    private PageFormat() {}

    public String time(Instant instant) {
        return Figures.time(instant);
    }

    public String program(String name) {
        return Links.program(name);
    }

    /** A line number right-aligned in four places, for numbered program text. */
    public String lineNumber(int number) {
        return String.format("%4d", number);
    }

    /** Spaces up to an error's column, to put a caret under it. */
    public String indent(SourceMarks.Error error) {
        return SourceMarks.indent(error);
    }
}
