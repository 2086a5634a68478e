package lurch.db;

import java.time.Instant;

/**
 * One stored version of a program: its canonical source text.
 *
 * @param pullRequest whether it came from a pull or merge request: such a version is never the program's latest
 *                    (what manual starts and the program page use), and its runs get none of the program's secrets
 */
public record ProgramVersion(long id, long programId, String name, int version, String source,
                             String author, Instant created, boolean pullRequest) {}
