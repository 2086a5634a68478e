package lurch.db;

import java.time.Instant;

/**
 * An API token as it is listed: never its text, which only its holder has.
 *
 * @param name     the client it was made for, unique; the CLI's own is {@code cli}
 * @param owner    the user it acts as
 * @param role     what it may do: a viewer token only reads
 * @param lastUsed when a request last came with it, to the minute; null when never
 */
public record ApiToken(String name, String owner, Role role, Instant created, Instant lastUsed) {}
