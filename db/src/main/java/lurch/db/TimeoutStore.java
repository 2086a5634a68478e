package lurch.db;

import java.util.List;
import java.util.OptionalLong;

/** Whole-run timeouts: each program's own, and the deadline of each top run that has one while it runs. */
public interface TimeoutStore {

    /** The longest timeout a program may have, ten years: anything longer is a typing error, not a timeout. */
    long MAX_SECONDS = 10L * 366 * 24 * 3600;

    /** Sets the whole-run timeout of {@code program}; 0 removes it. */
    void setProgramTimeout(String program, long seconds);

    /** The program's own timeout in seconds; empty when it has none. */
    OptionalLong programTimeout(String program);

    void addDeadline(RunDeadline deadline);

    /** Every deadline kept, by top run id. */
    List<RunDeadline> deadlines();

    void removeDeadline(long topId);
}
