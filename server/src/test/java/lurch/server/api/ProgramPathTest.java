package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgramPathTest {

    @Test
    void anEncodedSlashStaysInTheName() {
        assertEquals(Optional.of(new ProgramPath("owner/repo", List.of())), ProgramPath.of("/api/programs/owner%2Frepo", ""));
        assertEquals(Optional.of(new ProgramPath("test chroot", List.of("versions"))),
                ProgramPath.of("/api/programs/test%20chroot/versions", "versions"));
    }

    @Test
    void aNameEndingInAKeywordIsNotTakenForTheSubresource() {
        assertEquals(Optional.empty(), ProgramPath.of("/api/programs/a%2Fversions", "versions"));
        assertEquals(Optional.of(new ProgramPath("a/versions", List.of())), ProgramPath.of("/api/programs/a%2Fversions", ""));
    }

    @Test
    void secretsPathNamesProgramAndSecret() {
        assertEquals(Optional.of(new ProgramPath("o/r", List.of("secrets", "TOKEN"))),
                ProgramPath.of("/api/programs/o%2Fr/secrets/TOKEN", "secrets/*"));
        assertEquals(Optional.empty(), ProgramPath.of("/api/programs/o/r%2Fsecrets/TOKEN", "secrets/*"));
    }
}
