package lurch.server.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lurch.db.Artifact;
import lurch.db.ArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is kept of a hostile /artifacts: regular files only, never more bytes than the limit, a line for the rest. */
class ArtifactKeeperTest {

    @TempDir
    Path home;

    /** The artifact table, in memory. */
    private static final class Table implements ArtifactStore {
        final Map<Long, List<Artifact>> rows = new ConcurrentHashMap<>();

        @Override
        public void record(long runId, List<Artifact> files) {
            rows.computeIfAbsent(runId, id -> new ArrayList<>()).addAll(files);
        }

        @Override
        public List<Artifact> of(long runId) {
            return rows.getOrDefault(runId, List.of());
        }

        @Override
        public Optional<Artifact> find(long runId, String path) {
            return of(runId).stream().filter(a -> a.path().equals(path)).findFirst();
        }
    }

    @Test
    void keepsRegularFilesUpToTheLimitAndSaysWhatItRefused() throws Exception {
        Table table = new Table();
        ArtifactPaths paths = new ArtifactPaths(home);
        ArtifactKeeper keeper = new ArtifactKeeper(paths, table, 15);
        Path staging = keeper.staging(7);
        Files.createDirectories(staging.resolve("a/b"));
        Files.writeString(staging.resolve("a/b/one.txt"), "0123456789");
        Files.writeString(staging.resolve("big.bin"), "x".repeat(100));
        Files.writeString(staging.resolve("two.txt"), "01234");
        Files.writeString(home.resolve("secret"), "host file");
        Files.createSymbolicLink(staging.resolve("link"), home.resolve("secret"));
        Files.createSymbolicLink(staging.resolve("dirlink"), home);
        List<String> log = new ArrayList<>();

        keeper.keep(7, log::add);

        List<Artifact> kept = table.of(7).stream().sorted(java.util.Comparator.comparing(Artifact::path)).toList();
        assertEquals(List.of(new Artifact("a/b/one.txt", 10), new Artifact("two.txt", 5)), kept, "15 bytes: all that fits");
        assertTrue(log.contains("Artifact 'link' not kept: it is a symbolic link."), log.toString());
        assertTrue(log.contains("Artifact 'dirlink' not kept: it is a symbolic link."), log.toString());
        assertTrue(log.stream().anyMatch(line -> line.matches(
                "Artifact 'big.bin' not kept: its 100 bytes would pass LURCH_ARTIFACT_LIMIT \\(15 bytes per run, \\d+ kept\\)\\.")),
                log.toString());
        for (Artifact artifact : kept) {
            assertEquals(artifact.sizeBytes(), Files.size(paths.kept(7).resolve(artifact.path())));
        }
        assertFalse(Files.exists(staging), "the staging directory is deleted");
        assertEquals("host file", Files.readString(home.resolve("secret")), "a link's target is left alone");
    }

    @Test
    void aRunWithoutArtifactsKeepsNothingAndSaysNothing() throws IOException {
        Table table = new Table();
        ArtifactKeeper keeper = new ArtifactKeeper(new ArtifactPaths(home), table, 1 << 20);
        keeper.staging(8);
        List<String> log = new ArrayList<>();
        keeper.keep(8, log::add);
        keeper.keep(9, log::add); // never had a staging directory
        assertEquals(List.of(), log);
        assertEquals(List.of(), table.of(8));
    }

    @Test
    void artifactPathsAreRelativeNamesWithoutTricks() {
        for (String bad : List.of("", "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", "a/", "a\\b", "a\nb", "a\tb",
                "x".repeat(ArtifactPaths.MAX_LENGTH + 1))) {
            assertTrue(ArtifactPaths.problem(bad).isPresent(), bad);
        }
        for (String good : List.of("a", "dist/app.tar.gz", "..a", "a..", "ünïcode/файл", "with space.txt")) {
            assertEquals(Optional.empty(), ArtifactPaths.problem(good), good);
        }
    }

    @Test
    void requestPathsAreDecodedSegmentBySegment() {
        assertEquals("dist/a b.txt", ArtifactDownload.path("/api/runs/3/artifacts/dist/a%20b.txt"));
        assertEquals("ok.txt", ArtifactDownload.path("/runs/3/artifacts/%6Fk.txt"));
        for (String bad : List.of("%2e%2e/etc/passwd", "a%2Fb", "%2Fetc", "a/%2E/b", "a%5Cb", "%00", "")) {
            assertThrows(IllegalArgumentException.class, () -> ArtifactDownload.path("/api/runs/3/artifacts/" + bad), bad);
        }
        assertEquals("attachment; filename=\"r_sum_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
                ArtifactDownload.contentDisposition("cv/résumé.txt"));
        assertEquals("attachment; filename=\"a__b_.txt\"; filename*=UTF-8''a%22%3Bb%2A.txt",
                ArtifactDownload.contentDisposition("a\";b*.txt"));
        assertEquals("dist/a%20b/%C3%A9", ArtifactDownload.encode("dist/a b/é"));
    }
}
