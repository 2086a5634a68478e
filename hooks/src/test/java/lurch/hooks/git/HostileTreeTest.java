package lurch.hooks.git;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lurch.hooks.testing.TestRepo;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trees crafted by hand, as a hostile remote could push them, must not write outside the checkout. */
class HostileTreeTest {
    @TempDir
    Path temp;

    @Test
    void refusesDotDotEntries() throws Exception {
        String sha = commitTree(repo -> {
            ObjectId evil = tree(repo, new Entry("evil", FileMode.REGULAR_FILE, blob(repo, "pwned")));
            return tree(repo, new Entry("..", FileMode.TREE, evil));
        });
        var error = assertThrows(GitMirrorException.class, () -> checkout(sha));
        assertTrue(error.getMessage().contains("unsafe path '../evil'"), error.getMessage());
        assertFalse(Files.exists(temp.resolve("evil")));
    }

    @Test
    void refusesDotGitEntries() throws Exception {
        String sha = commitTree(repo -> {
            ObjectId hooks = tree(repo, new Entry("post-checkout", FileMode.EXECUTABLE_FILE, blob(repo, "#!/bin/sh")));
            return tree(repo, new Entry(".GIT", FileMode.TREE, hooks));
        });
        var error = assertThrows(GitMirrorException.class, () -> checkout(sha));
        assertTrue(error.getMessage().contains("forbidden name '.GIT'"), error.getMessage());
    }

    @Test
    void aSymlinkCannotRedirectALaterEntryOutside() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        String sha = commitTree(repo -> {
            ObjectId inner = tree(repo, new Entry("planted", FileMode.REGULAR_FILE, blob(repo, "pwned")));
            // Git sorts "a" (blob) before "a/" (tree); a crafted tree may hold both.
            return tree(repo, new Entry("a", FileMode.SYMLINK, blob(repo, outside.toString())),
                    new Entry("a", FileMode.TREE, inner));
        });
        var error = assertThrows(GitMirrorException.class, () -> checkout(sha));
        assertTrue(error.getMessage().contains("which is not a directory"), error.getMessage());
        assertFalse(Files.exists(outside.resolve("planted")));
    }

    private record Entry(String name, FileMode mode, ObjectId id) {
    }

    private interface TreeMaker {
        ObjectId make(Repository repo) throws Exception;
    }

    private String commitTree(TreeMaker maker) throws Exception {
        try (TestRepo origin = TestRepo.create(temp.resolve("origin"))) {
            origin.write("README", "ok").commit("honest start");
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(temp.resolve("origin/.git").toFile()).build();
             ObjectInserter inserter = repo.newObjectInserter()) {
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(maker.make(repo));
            commit.setAuthor(TestRepo.AUTHOR);
            commit.setCommitter(TestRepo.AUTHOR);
            commit.setMessage("hostile");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            var update = repo.updateRef("refs/heads/hostile");
            update.setNewObjectId(id);
            update.forceUpdate();
            return id.name();
        }
    }

    private static ObjectId blob(Repository repo, String content) throws Exception {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId id = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
            inserter.flush();
            return id;
        }
    }

    private static ObjectId tree(Repository repo, Entry... entries) throws Exception {
        TreeFormatter formatter = new TreeFormatter();
        for (Entry entry : entries) {
            formatter.append(entry.name(), entry.mode(), entry.id());
        }
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId id = inserter.insert(formatter);
            inserter.flush();
            return id;
        }
    }

    private void checkout(String sha) throws GitMirrorException {
        try (GitMirrors mirrors = new GitMirrors(temp.resolve("git"))) {
            GitMirror mirror = mirrors.mirror("evil/repo", temp.resolve("origin").toUri().toString());
            mirror.fetch();
            mirror.checkout(sha, temp.resolve("work"));
        }
    }
}
