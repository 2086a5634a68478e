package lurch.server.engine;

import java.util.Optional;

/**
 * What the engine is told about the storage beyond its answers: whether process output is to be stored now.
 * The server refuses it while the disk under LURCH_HOME is nearly full or the database has failed for good,
 * so that a flood of output cannot take the last bytes that the runs' own state changes need.
 */
@FunctionalInterface
public interface StorageHealth {

    /** Storage with nothing to say: output is always taken. */
    StorageHealth FINE = Optional::empty;

    /** Why process output is not taken now, as a sentence, or empty when it is. */
    Optional<String> outputRefusal();
}
