package lurch.hooks.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The bare mirrors of all repositories, one directory each under a root (e.g. {@code $LURCH_HOME/git}).
 *
 * <p>Hands out a single {@link GitMirror} per repository name, so that the mirror's lock serialises every fetch of
 * that repository however many builds ask for it at once.
 */
public final class GitMirrors implements AutoCloseable {
    private final Path root;
    private final Map<String, GitMirror> mirrors = new HashMap<>();

    public GitMirrors(Path root) {
        this.root = root;
    }

    /**
     * The mirror of {@code repoName} ({@code owner/repo}), created empty on first use; call {@link GitMirror#fetch()}
     * to fill it. A changed {@code cloneUrl} for a known name is used from the next fetch on.
     */
    public synchronized GitMirror mirror(String repoName, String cloneUrl) throws GitMirrorException {
        GitMirror mirror = mirrors.get(repoName);
        if (mirror != null) {
            mirror.useCloneUrl(cloneUrl);
        } else {
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new GitMirrorException("cannot create the mirror directory " + root + ": " + e.getMessage(), e);
            }
            mirror = GitMirror.open(repoName, cloneUrl, root.resolve(directoryName(repoName)));
            mirrors.put(repoName, mirror);
        }
        return mirror;
    }

    /** Whether {@code repoName} has a mirror on disk (it was fetched at least once). */
    public boolean exists(String repoName) {
        return Files.isDirectory(root.resolve(directoryName(repoName)));
    }

    /**
     * The directory name of a repository's mirror: the name with every character other than letters, digits, '-'
     * and '_' percent-encoded, plus ".git". Injective, so "a/b_c" and "a_b/c" never share a mirror, and never
     * "." or "..".
     */
    public static String directoryName(String repoName) {
        StringBuilder name = new StringBuilder();
        for (byte b : repoName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return name.append(".git").toString();
    }

    @Override
    public synchronized void close() {
        mirrors.values().forEach(GitMirror::close);
        mirrors.clear();
    }
}
