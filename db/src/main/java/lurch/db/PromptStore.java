package lurch.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Approvals and answers waiting for (or given by) a person. */
public interface PromptStore {

    void open(Prompt prompt);

    Optional<Prompt> get(long runId);

    /** Settles an open prompt; false when it was already settled (or none exists). */
    boolean settle(long runId, Instant when, String by, String result, String message);

    List<Prompt> open();
}
