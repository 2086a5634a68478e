package lurch.hooks.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lurch.hooks.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorTest {
    @TempDir
    Path temp;
    private TestRepo origin;
    private GitMirrors mirrors;
    private GitMirror mirror;
    private String first;

    @BeforeEach
    void setUp() throws Exception {
        origin = TestRepo.create(temp.resolve("origin"));
        first = origin.write(".lurch", "(exec \"make\")").writeExecutable("bin/build.sh", "#!/bin/sh\nmake\n")
                .write("src/main/App.java", "class App {}").symlink("latest", "src/main/App.java")
                .commit("First commit\n\nWith a body.");
        mirrors = new GitMirrors(temp.resolve("git"));
        mirror = mirrors.mirror("owner/repo", origin.url());
        mirror.fetch();
    }

    @AfterEach
    void tearDown() {
        mirrors.close();
        origin.close();
    }

    @Test
    void mirrorIsABareRepositoryNamedAfterTheRepo() {
        assertEquals(temp.resolve("git/owner%2Frepo.git"), mirror.directory());
        assertTrue(Files.isDirectory(mirror.directory().resolve("objects")));
        assertNotEquals(GitMirrors.directoryName("a/b_c"), GitMirrors.directoryName("a_b/c"));
        assertEquals("%2E%2E.git", GitMirrors.directoryName(".."));
    }

    @Test
    void aRevisionThatIsAPathIsUnknownWithoutAnyFileBeingRead() throws Exception {
        // JGit reads loose refs as files: a name walking out of the mirror must not become one.
        Path outside = temp.resolve("outside-ref");
        Files.writeString(outside, first + "\n");
        String walkOut = "../".repeat(mirror.directory().getNameCount()) + outside.toString().substring(1);
        for (String revision : List.of(walkOut, "refs/heads/../../../" + outside.getFileName(), "main\u0000")) {
            var error = assertThrows(UnknownRevisionException.class, () -> mirror.resolve(revision));
            assertTrue(error.getMessage().startsWith("unknown revision"), error.getMessage());
        }
        assertTrue(RevisionNames.isRefName("main") && RevisionNames.isRefName("refs/pull/7/head")
                && RevisionNames.isRefName("v1.0"));
        assertFalse(RevisionNames.isRefName("../../etc/shadow") || RevisionNames.isRefName("a..b")
                || RevisionNames.isRefName(""));
        assertTrue(RevisionNames.isSha(first));
        assertFalse(RevisionNames.isSha(first.toUpperCase()) || RevisionNames.isSha(first.substring(1)));
    }

    @Test
    void sameNameGivesTheSameMirror() throws Exception {
        assertTrue(mirror == mirrors.mirror("owner/repo", origin.url()));
    }

    @Test
    void resolvesBranchesTagsRefsAndShas() throws Exception {
        origin.tag("v1").annotatedTag("v1-annotated", "release 1");
        mirror.fetch();
        assertEquals(first, mirror.resolve("main"));
        assertEquals(first, mirror.resolve("refs/heads/main"));
        assertEquals(first, mirror.resolve("v1"));
        assertEquals(first, mirror.resolve("refs/tags/v1-annotated"));
        assertEquals(first, mirror.resolve(first));
        assertEquals(first, mirror.resolve(first.substring(0, 10)));
    }

    @Test
    void unknownRevisionsAreNamed() {
        var error = assertThrows(GitMirrorException.class, () -> mirror.resolve("nope"));
        assertTrue(error.getMessage().startsWith("unknown revision 'nope' in owner/repo"), error.getMessage());
        assertThrows(GitMirrorException.class, () -> mirror.resolve("0123456789abcdef0123456789abcdef01234567"));
        assertThrows(GitMirrorException.class, () -> mirror.resolve("main~1"));
    }

    @Test
    void fetchIsIncremental() throws Exception {
        String second = origin.newBranch("feature").write("README", "hello").commit("Second");
        mirror.fetch();
        assertEquals(second, mirror.resolve("feature"));
        assertEquals(first, mirror.resolve("main"));
        String third = origin.switchTo("main").write("README", "main").commit("Third");
        mirror.fetch();
        assertEquals(third, mirror.resolve("main"));
        assertEquals(second, mirror.resolve("feature"));
    }

    @Test
    void aFetchKilledInTheMiddleDoesNotFailTheFetchesAfterTheRestart() throws Exception {
        String second = origin.write("README", "after the crash").commit("Second");
        String received = nextPack();
        // What a server killed while JGit locked that pack and moved main leaves in the mirror: the lock file of the
        // pack's .keep (every later fetch of those objects failed with "Cannot lock pack"), and main's.
        Files.writeString(mirror.directory().resolve("objects/pack/" + received + ".keep.lock"), "");
        Files.writeString(mirror.directory().resolve("refs/heads/main.lock"), second + "\n");

        assertEquals(second, fetchedByTheNextServer().resolve("main"));
    }

    @Test
    void aFetchKilledBetweenMovingAPackAndItsIndexDoesNotLoseItsObjects() throws Exception {
        String second = origin.write("README", "after the crash").commit("Second");
        String received = nextPack();
        // JGit moves a received pack into place, then its index. Killed in between, it left a pack no one can read,
        // and every later fetch of the same objects, seeing that pack's name taken, took it for received: the
        // commit stayed unreadable, and every build of it failed.
        Files.copy(temp.resolve("copy/objects/pack/" + received + ".pack"),
                mirror.directory().resolve("objects/pack/" + received + ".pack"));

        GitMirror next = fetchedByTheNextServer();
        assertEquals(second, next.resolve("main"));
        assertEquals(Optional.of("after the crash"), next.readFile(second, "README"));
    }

    /**
     * The name of the pack the mirror's next fetch receives, given by its objects: a copy of the mirror, in
     * {@code temp/copy}, fetches it.
     */
    private String nextPack() throws Exception {
        Path copy = temp.resolve("copy");
        try (Stream<Path> files = Files.walk(mirror.directory())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(mirror.directory().relativize(file).toString()));
            }
        }
        Set<String> packsBefore = packs(mirror.directory());
        try (GitMirror copied = GitMirror.open("owner/repo", origin.url(), copy)) {
            copied.fetch();
        }
        Set<String> received = packs(copy);
        received.removeAll(packsBefore);
        assertEquals(1, received.size(), received.toString());
        return received.iterator().next();
    }

    /** The mirror as the next server opens it, fetched. */
    private GitMirror fetchedByTheNextServer() throws Exception {
        mirrors.close();
        mirrors = new GitMirrors(temp.resolve("git"));
        mirror = mirrors.mirror("owner/repo", origin.url());
        mirror.fetch();
        return mirror;
    }

    @Test
    void aBranchNamedLikeALeftoverSurvivesTheNextOpen() throws Exception {
        // a pusher may name a branch "*.keep" or "incoming_*": only a lock's name is never a ref's
        String kept = origin.newBranch("release.keep").write("README", "kept").commit("Kept");
        String incoming = origin.newBranch("incoming_1").write("README", "incoming").commit("Incoming");
        mirror.fetch();
        // as loose refs, files of those names (a fetch may have packed them)
        Path heads = mirror.directory().resolve("refs/heads");
        Files.writeString(heads.resolve("release.keep"), kept + "\n");
        Files.writeString(heads.resolve("incoming_1"), incoming + "\n");
        mirrors.close();

        mirrors = new GitMirrors(temp.resolve("git"));
        mirror = mirrors.mirror("owner/repo", origin.url());
        assertTrue(Files.isRegularFile(heads.resolve("release.keep")) && Files.isRegularFile(heads.resolve("incoming_1")));
        assertEquals(kept, mirror.resolve("release.keep"));
        assertEquals(incoming, mirror.resolve("incoming_1"));
    }

    /** The names of a repository's packs, without their extension. */
    private static Set<String> packs(Path gitDir) throws Exception {
        try (Stream<Path> files = Files.list(gitDir.resolve("objects/pack"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pack"))
                    .map(n -> n.substring(0, n.length() - ".pack".length())).collect(Collectors.toSet());
        }
    }

    @Test
    void concurrentFetchesOfOneMirrorAllSucceed() throws Exception {
        String next = origin.write("README", "again").commit("Next");
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    mirrors.mirror("owner/repo", origin.url()).fetch();
                    return mirror.resolve("main");
                }));
            }
            for (Future<String> result : results) {
                assertEquals(next, result.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void deletedRemoteBranchesDisappear() throws Exception {
        origin.newBranch("gone").switchTo("main").deleteBranch("gone");
        mirror.fetch();
        assertThrows(GitMirrorException.class, () -> mirror.resolve("gone"));
    }

    @Test
    void fetchesAnExtraRefSuchAsAPullRequestHead() throws Exception {
        String head = origin.newBranch("pr").write("x", "y").commit("PR");
        origin.switchTo("main").deleteBranch("pr");
        try (var git = org.eclipse.jgit.api.Git.open(origin.directory().toFile())) {
            var update = git.getRepository().updateRef("refs/pull/7/head");
            update.setNewObjectId(org.eclipse.jgit.lib.ObjectId.fromString(head));
            update.forceUpdate();
        }
        mirror.fetch("refs/pull/7/head");
        assertEquals(head, mirror.resolve("refs/pull/7/head"));
        var bad = assertThrows(GitMirrorException.class, () -> mirror.fetch("pull/7"));
        assertTrue(bad.getMessage().contains("expected a full ref"), bad.getMessage());
    }

    @Test
    void readsFilesOfACommit() throws Exception {
        assertEquals(Optional.of("(exec \"make\")"), mirror.readFile(first, ".lurch"));
        assertEquals(Optional.of("class App {}"), mirror.readFile("main", "src/main/App.java"));
        assertEquals(Optional.empty(), mirror.readFile(first, "missing.txt"));
        assertEquals(Optional.empty(), mirror.readFile(first, "src"));
    }

    @Test
    void describesACommit() throws Exception {
        CommitInfo info = mirror.commit(first);
        assertEquals(first, info.sha());
        assertEquals("Ada Lovelace", info.authorName());
        assertEquals("ada@example.com", info.authorEmail());
        assertEquals("First commit\n\nWith a body.", info.message());
        assertEquals("First commit", info.subject());
    }

    @Test
    void checksOutFilesWithModesAndSymlinks() throws Exception {
        Path work = temp.resolve("work");
        mirror.checkout(first, work);
        assertEquals("class App {}", Files.readString(work.resolve("src/main/App.java")));
        assertTrue(Files.isExecutable(work.resolve("bin/build.sh")));
        assertFalse(Files.isExecutable(work.resolve(".lurch")));
        assertTrue(Files.isSymbolicLink(work.resolve("latest")));
        assertEquals(Path.of("src/main/App.java"), Files.readSymbolicLink(work.resolve("latest")));
        assertFalse(Files.exists(work.resolve(".git")));
        try (Stream<Path> files = Files.walk(work)) {
            assertEquals(Set.of("", ".lurch", "bin", "bin/build.sh", "latest", "src", "src/main", "src/main/App.java"),
                    files.map(file -> work.relativize(file).toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void refusesANonEmptyTarget() throws Exception {
        Path work = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(work.resolve("old"), "x");
        var error = assertThrows(GitMirrorException.class, () -> mirror.checkout(first, work));
        assertTrue(error.getMessage().endsWith("the directory is not empty"), error.getMessage());
    }

    @Test
    void fetchFromAMissingRemoteFailsClearly() throws Exception {
        GitMirror broken = mirrors.mirror("other/repo", temp.resolve("nowhere").toUri().toString());
        var error = assertThrows(GitMirrorException.class, broken::fetch);
        assertTrue(error.getMessage().startsWith("fetching other/repo from file:"), error.getMessage());
    }
}
