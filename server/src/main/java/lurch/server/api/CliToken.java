package lurch.server.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import lurch.db.TokenStore;

/**
 * The token the CLI on this machine uses: {@code $LURCH_HOME/cli-token}, readable by its owner only.
 * The server makes sure at start-up that it exists and is valid, so {@code ./lurch runs} works at once.
 */
public final class CliToken {

    public static final String FILE = "cli-token";
    static final String OWNER = "admin";
    /** Its name among the API tokens. */
    static final String NAME = "cli";

    private CliToken() {}

    /** Returns the valid CLI token, creating, storing and writing a new one when needed. */
    public static String ensure(Path home, TokenStore tokens) throws IOException {
        Path file = home.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!existing.isEmpty() && tokens.find(existing).isPresent()) {
                return existing;
            }
        }
        String token = ApiTokens.random();
        // A lost or revoked file's token is replaced: nobody holds it any more.
        tokens.replace(NAME, OWNER, token);
        write(file, token);
        return token;
    }

    /** Created with mode 0600 from the start and moved into place, so it is never readable by others. */
    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
