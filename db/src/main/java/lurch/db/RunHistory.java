package lurch.db;

import java.util.List;

/** The recent past of a program, for pages and charts: bounded reads, never a whole history. */
public interface RunHistory {

    /** The newest {@code limit} top runs of {@code program}, newest first, usage summed over each tree. */
    List<RunFigures> recent(String program, int limit);
}
