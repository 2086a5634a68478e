package lurch.isolation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line it is given, for assertions. */
public final class RecordingSink implements OutputSink {

    public record Line(Stream stream, long epochMillis, String text) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(Stream stream, long epochMillis, String text) {
        lines.add(new Line(stream, epochMillis, text));
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> texts(Stream stream) {
        return lines.stream().filter(line -> line.stream() == stream).map(Line::text).toList();
    }
}
