package lurch.db;

import java.time.Instant;

/** One stored version of a program: its canonical source text. */
public record ProgramVersion(long id, long programId, String name, int version, String source,
                             String author, Instant created) {}
